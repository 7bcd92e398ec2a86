import { z } from 'zod'

const object = z.looseObject({})
const stringOrObject = z.union([z.string(), object])
/**
 * Workspace and org ids as Slack writes them (`T0123ABC`, `E0123ABC`). Bolt
 * keys a plain object by them, so `constructor` or `__proto__` would break it.
 */
const slackId = z.string().regex(/^[A-Z0-9]{0,40}$/)

/** Payload types whose `user` Bolt reads as an object, and those whose `view` it reads. */
const INTERACTIONS = new Set([
  'block_actions',
  'block_suggestion',
  'interactive_message',
  'dialog_submission',
  'shortcut',
  'message_action',
  'view_submission',
  'view_closed',
])
const VIEW_ACTIONS = new Set(['view_submission', 'view_closed'])

/**
 * The envelope of a Slack request, as far as Bolt reads it before any of our
 * listeners runs: where Slack always sends an object, Bolt dereferences it, so
 * a `null`, a number or a missing object there throws inside Bolt. Listeners
 * check the rest of the payload themselves.
 */
const SlackEnvelope = z
  .looseObject({
    type: z.string().optional(),
    team_id: slackId.optional(),
    enterprise_id: slackId.nullable().optional(),
    event: z
      .looseObject({
        type: z.string(),
        user: stringOrObject.optional(),
        channel: stringOrObject.optional(),
        item: object.optional(),
        subteam: object.optional(),
      })
      .optional(),
    authorizations: z
      .array(
        z.looseObject({
          team_id: slackId.nullable().optional(),
          enterprise_id: slackId.nullable().optional(),
        }),
      )
      .optional(),
    actions: z.array(object).optional(),
    user: z.union([z.string(), z.looseObject({ team_id: slackId.optional() })]).optional(),
    view: z.looseObject({ app_installed_team_id: slackId.optional() }).optional(),
    channel: object.optional(),
    team: z.looseObject({ id: slackId.optional(), enterprise_id: slackId.optional() }).nullable().optional(),
    enterprise: z.looseObject({ id: slackId.optional() }).nullable().optional(),
  })
  .refine(
    (body) => !((body.actions || INTERACTIONS.has(body.type ?? '')) && typeof body.user !== 'object'),
    'an interaction names its user',
  )
  .refine((body) => !(VIEW_ACTIONS.has(body.type ?? '') && !body.view), 'a view action carries its view')

/**
 * Whether a parsed body has the shape of a Slack payload that Bolt can route
 * without throwing. A NUL character is refused too: Slack never sends one, and
 * PostgreSQL cannot store it in text.
 */
export function isSlackEnvelope(body: unknown): body is Record<string, unknown> {
  return SlackEnvelope.safeParse(body).success && !hasNul(body)
}

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (value && typeof value === 'object')
    return Object.entries(value).some(([key, child]) => key.includes('\u0000') || hasNul(child))
  return false
}
