import { z } from 'zod'
import { type Action, Command, type Origin } from '../inventory/commands.js'

/** The fields of a block_actions or view_submission payload the bot reads, checked at the boundary. */
export const InteractionBody = z.object({
  type: z.string(),
  team: z.object({ id: z.string() }).nullish(),
  enterprise: z.object({ id: z.string() }).nullish(),
  user: z.object({ id: z.string(), team_id: z.string().optional() }),
  channel: z.object({ id: z.string() }).nullish(),
  container: z.object({ type: z.string() }).loose().optional(),
  response_url: z.string().optional(),
  trigger_id: z.string().optional(),
  actions: z
    .array(
      z.object({ action_id: z.string(), value: z.string().optional(), action_ts: z.string().optional() }),
    )
    .optional(),
  view: z
    .object({
      id: z.string(),
      callback_id: z.string().optional(),
      private_metadata: z.string().optional(),
      state: z.object({ values: z.record(z.string(), z.record(z.string(), z.any())) }).optional(),
    })
    .loose()
    .optional(),
})
export type InteractionBody = z.infer<typeof InteractionBody>

/** The workspace: a Grid org-wide install sends the user's own workspace on the user. */
export const teamOf = (body: InteractionBody) => body.team?.id ?? body.user.team_id ?? 'unknown'

/** Where a button was clicked: a message in a channel, a modal, or the App Home. */
export function originOf(body: InteractionBody): Origin {
  if (body.container?.type === 'message' || body.container?.type === 'message_attachment')
    return { kind: 'message' }
  return { kind: 'home' }
}

/**
 * A command from an interaction. `requestKey` makes Slack's duplicate deliveries
 * harmless: a click is keyed by its action_ts, a modal by its view id.
 */
export function commandFrom(
  body: InteractionBody,
  action: Action,
  options: {
    requestKey: string
    requestId: string
    origin: Origin
    channelId?: string | undefined
    slackAdmin?: boolean
  },
): Command {
  return Command.parse({
    requestKey: options.requestKey,
    requestId: options.requestId,
    teamId: teamOf(body),
    enterpriseId: body.enterprise?.id,
    userId: body.user.id,
    channelId: options.channelId ?? body.channel?.id,
    responseUrl:
      options.origin.kind === 'message' || options.origin.kind === 'question' ? body.response_url : undefined,
    origin: options.origin,
    slackAdmin: options.slackAdmin,
    action,
  })
}

/** Who clicked or submitted, for what only needs to know who (reading a form, checking a role). */
export const askerOf = (body: InteractionBody, slackAdmin?: boolean) => ({
  teamId: teamOf(body),
  enterpriseId: body.enterprise?.id,
  userId: body.user.id,
  ...(slackAdmin !== undefined ? { slackAdmin } : {}),
})

/** The first action of a block_actions payload, and a key unique to this click. */
export function clicked(body: InteractionBody) {
  const action = body.actions?.[0]
  return {
    actionId: action?.action_id ?? '',
    value: action?.value ?? '',
    requestKey: `click:${body.user.id}:${action?.action_ts ?? body.trigger_id ?? ''}`,
  }
}
