import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt'
import { z } from 'zod'
import { DEFAULT_HOME_LIMITS, type HomeSection } from '../../blocks/index.js'
import { clicked, InteractionBody, teamOf } from '../../interaction.js'
import type { ListenerDeps } from '../deps.js'

const Limits = z.object({
  limits: z.object({
    low: z.number(),
    requests: z.number(),
    reservations: z.number(),
    movements: z.number(),
  }),
})
const STEP = 20

/** "More" on the App Home: show more rows of one section (the view remembers how many). */
export function showMoreOnHome(deps: ListenerDeps) {
  return async ({ body, ack }: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
    await ack()
    const payload = InteractionBody.parse(body)
    const section = clicked(payload).value as HomeSection
    const parsed = Limits.safeParse(JSON.parse(payload.view?.private_metadata || '{}'))
    const limits = parsed.success ? parsed.data.limits : DEFAULT_HOME_LIMITS
    if (!Object.hasOwn(limits, section)) return
    const workspace = { teamId: teamOf(payload), enterpriseId: payload.enterprise?.id }
    await deps.slack.home.publish(workspace, payload.user.id, {
      ...limits,
      [section]: limits[section] + STEP,
    })
  }
}
