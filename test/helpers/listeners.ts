import type { Command } from '../../src/inventory/commands.js'
import type { ItemForm } from '../../src/inventory/results.js'
import type { Access } from '../../src/inventory/roles.js'
import { createLogger } from '../../src/logger.js'
import type { Dispatched } from '../../src/queue/dispatcher.js'
import type { SlackMessage } from '../../src/slack/blocks/index.js'
import type { ListenerDeps } from '../../src/slack/listeners/deps.js'
import type { ReplyTarget } from '../../src/slack/responder.js'

/** An item as a form reads it: 5 on hand at main (2 of them reserved), 3 at shelf. */
export const ITEM_FORM: ItemForm = {
  item: {
    sku: 'WIDGET',
    name: 'Blue widget',
    onHand: 8,
    available: 6,
    reorderPoint: 2,
    reorderQuantity: 10,
    archived: false,
  },
  levels: [
    { location: 'main', onHand: 5, reserved: 2, available: 3 },
    { location: 'shelf', onHand: 3, reserved: 0, available: 3 },
  ],
  locations: [
    { code: 'main', name: 'Main' },
    { code: 'shelf', name: 'Shelf' },
  ],
  bestLocation: 'main',
  access: { role: 'clerk', source: 'default' },
}

/**
 * Listener dependencies that record what a listener does: the commands it
 * dispatched (answered with `dispatched`), its Web API calls, replies and Home
 * publishes. `itemForm` is what the form read returns, or the error it throws.
 */
export function fakeListenerDeps(
  options: {
    dispatched?: Dispatched
    itemForm?: ItemForm | Error
    firstDelivery?: boolean
    publishError?: Error
    /** What `service.access` says the person may do (default: a clerk everywhere). */
    access?: Access
    /** What users.info says (default: a member). */
    slackAdmin?: boolean
  } = {},
) {
  const calls = {
    dispatched: [] as Command[],
    api: [] as { method: string; args: Record<string, unknown> }[],
    replies: [] as { target: ReplyTarget; message: SlackMessage }[],
    published: [] as { teamId: string; userId: string; slackAdmin?: boolean; limits: unknown }[],
    denied: [] as { verb: string; role: string }[],
    opened: [] as { teamId: string; userId: string }[],
    forgotten: [] as string[],
  }
  const deps: ListenerDeps = {
    dispatcher: {
      async dispatch(command) {
        calls.dispatched.push(command)
        return options.dispatched ?? { kind: 'accepted' }
      },
      drain: async () => {},
    },
    service: {
      async itemForm() {
        if (options.itemForm instanceof Error) throw options.itemForm
        return options.itemForm ?? ITEM_FORM
      },
      access: async () => options.access ?? ITEM_FORM.access,
      async deny(_asker, why) {
        calls.denied.push(why)
        return { ok: false, code: 'NEEDS_ROLE', details: { ...why } }
      },
    },
    slackAdmins: { isAdmin: async () => options.slackAdmin ?? false },
    records: {
      firstDelivery: async () => options.firstDelivery ?? true,
      async homeOpened(teamId, userId) {
        calls.opened.push({ teamId, userId })
      },
      async forgetDelivery(eventId) {
        calls.forgotten.push(eventId)
      },
    },
    slack: {
      api: {
        async call(method, args) {
          calls.api.push({ method, args })
          return { ok: true }
        },
      },
      responder: {
        async reply(target, message) {
          calls.replies.push({ target, message })
        },
        post: async () => ({}),
        update: async () => {},
      },
      home: {
        async publish(asker, limits) {
          if (options.publishError) throw options.publishError
          calls.published.push({
            teamId: asker.teamId,
            userId: asker.userId,
            ...(asker.slackAdmin !== undefined ? { slackAdmin: asker.slackAdmin } : {}),
            limits,
          })
        },
      },
    },
    logger: createLogger('silent'),
  }
  return { deps, calls }
}

/**
 * Bolt's arguments as far as our listeners read them (`body`, `command`,
 * `event`, `ack`, `context.requestId`), with every ack recorded. Cast to the
 * listener's parameter type: the rest of Bolt's arguments are never read.
 */
export function boltArgs<Args>(fields: { body?: unknown; command?: unknown; event?: unknown }) {
  const acks: unknown[] = []
  const args = {
    ...fields,
    ack: async (response?: unknown) => {
      acks.push(response)
    },
    context: { requestId: 'req-test' },
  }
  return { args: args as unknown as Args, acks }
}
