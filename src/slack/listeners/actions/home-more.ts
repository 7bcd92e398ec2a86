import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt'
import { z } from 'zod'
import { DEFAULT_HOME_LIMITS, type HomeSection } from '../../blocks/index.js'
import { askerOf, clicked, InteractionBody } from '../../interaction.js'
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
    const asker = askerOf(payload)
    const slackAdmin = await deps.slackAdmins.isAdmin(asker, asker.userId)
    await deps.slack.home.publish(
      { ...asker, slackAdmin },
      {
        ...limits,
        [section]: limits[section] + STEP,
      },
    )
  }
}
