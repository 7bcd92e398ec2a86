import { COMMAND } from '../slack/wording/index.js'
import type { Door } from './door.js'
import {
  appHomeOpened,
  blockActions,
  escapeCommandText,
  slashCommand,
  viewClosed,
  viewSubmission,
} from './payloads.js'
import type { Person } from './people.js'
import { respond } from './responses.js'
import { type Views, viewPayload } from './views.js'
import type { Json, Message, ResponseTarget, Workspace } from './workspace.js'

/** Slackbot, who tells a person about commands that failed. */
export const SLACKBOT = 'USLACKBOT'
/** What Slack shows in a modal when the app did not acknowledge a submission. */
export const SUBMIT_FAILED = 'We had some trouble connecting. Try again?'

export interface InteractionDeps {
  readonly workspace: Workspace
  readonly views: Views
  readonly door: Door
  readonly people: readonly Person[]
  /** `http://127.0.0.1:PORT/playground/`: where response_urls point. */
  readonly base: string
}

/** Where a click happened: a message in a conversation, or a view (modal or App Home). */
export interface ClickInput {
  readonly channel?: string | undefined
  readonly ts?: string | undefined
  readonly viewId?: string | undefined
  readonly blockId: string
  readonly actionId: string
  /** A select's or overflow's chosen option value. */
  readonly selected?: string | undefined
  /** A modal's inputs at the time of the click. */
  readonly values?: Json | undefined
}

/**
 * What a person does on the page, turned into what Slack would send the bot:
 * a slash command, a block_actions click, a view submission or close, the
 * App Home opened. Each goes through the door; the ack is applied as Slack applies it.
 */
export function createInteractions(deps: InteractionDeps) {
  const { workspace, views, door } = deps
  const responseUrl = (target: ResponseTarget) => `${deps.base}response?id=${workspace.responseUrl(target)}`
  const slackbot = (person: Person, channel: string, text: string) =>
    workspace.post(channel, { author: SLACKBOT, visibleTo: person.id, text, blocks: [] })

  return {
    /** `/inventory …` (the slash and command optional) typed in a conversation. */
    async command(person: Person, channel: string, typed: string): Promise<void> {
      const [, other, rest = ''] = typed.trim().match(/^(\/\S+)\s*([\s\S]*)$/) ?? []
      if (other && other.toLowerCase() !== COMMAND) {
        slackbot(
          person,
          channel,
          `\`${other}\` is not a command here: everything you type goes to \`${COMMAND}\`.`,
        )
        return
      }
      const text = (other ? rest : typed).trim()
      const target: ResponseTarget = { user: person.id, channel, invocation: `${COMMAND} ${text}`.trim() }
      const ack = await door.command(
        slashCommand({
          person,
          channel,
          text: escapeCommandText(text, deps.people),
          responseUrl: responseUrl(target),
          triggerId: views.trigger(person.id),
        }),
      )
      if (ack.status !== 200) {
        slackbot(person, channel, `${COMMAND} failed with the error "dispatch_failed"`)
        return
      }
      const body = ack.json ?? (ack.text ? { text: ack.text } : undefined)
      // An answer that already replaced the ack (a fast late answer) wins: the ack is not shown under it.
      if (body && !target.replaced) respond(workspace, target, { ...body, replace_original: false })
    },

    /** A button, select or overflow option chosen on a message or in a view. */
    async click(person: Person, input: ClickInput): Promise<{ error?: string }> {
      const message = input.channel && input.ts ? workspace.find(input.channel, input.ts) : undefined
      const view = input.viewId ? views.find(input.viewId) : undefined
      if (message?.visibleTo && message.visibleTo !== person.id) return { error: 'message_not_found' }
      if (view && view.user !== person.id) return { error: 'view_not_found' }
      const blocks = (message?.blocks ?? view?.spec.blocks ?? []) as Json[]
      const action = actionOf(blocks, input)
      if (!action || !(message || view)) return { error: 'element_not_found' }
      const ack = await door.interaction(
        blockActions({
          person,
          action,
          triggerId: views.trigger(person.id),
          ...(message ? { message: { message, responseUrl: clickResponseUrl(person, message) } } : {}),
          ...(view ? { view: viewPayload(view, input.values) } : {}),
        }),
      )
      return ack.status === 200 ? {} : { error: 'dispatch_failed' }
    },

    /** A modal submitted: closed, updated, pushed or cleared as the ack says, or its field errors returned. */
    async submit(
      person: Person,
      viewId: string,
      values: Json,
    ): Promise<{ errors?: Record<string, string>; error?: string }> {
      const view = views.find(viewId)
      if (!view || view.user !== person.id || view.spec.type !== 'modal') return { error: 'view_not_found' }
      const ack = await door.interaction(
        viewSubmission({ person, view: viewPayload(view, values), triggerId: views.trigger(person.id) }),
      )
      if (ack.status !== 200) return { error: SUBMIT_FAILED }
      const answer = ack.json ?? {}
      const next = (answer.view ?? {}) as Json
      switch (answer.response_action) {
        case 'errors':
          return { errors: (answer.errors ?? {}) as Record<string, string> }
        case 'update':
          views.replace(view, next)
          return {}
        case 'push': {
          const pushed = views.pushOn(person.id, next)
          return 'error' in pushed ? { error: SUBMIT_FAILED } : {}
        }
        case 'clear':
          views.clear(person.id)
          return {}
        default:
          views.pop(person.id, view.id)
          return {}
      }
    },

    /** Close (or Escape) on a modal: view_closed when the view asked for it. */
    async close(person: Person, viewId: string): Promise<void> {
      const view = views.find(viewId)
      if (!view || view.user !== person.id) return
      views.pop(person.id, view.id)
      if (view.spec.notify_on_close === true)
        await door.interaction(viewClosed({ person, view: viewPayload(view) }))
    },

    /** The App Home tab opened: the bot hears app_home_opened, with the view it last published. */
    async openHome(person: Person): Promise<{ error?: string }> {
      const home = views.home(person.id)
      const ack = await door.event(appHomeOpened({ person, ...(home ? { view: viewPayload(home) } : {}) }))
      return ack.status === 200 ? {} : { error: 'dispatch_failed' }
    },

    /** "Dismiss" on an ephemeral message. */
    dismiss(person: Person, channel: string, ts: string): void {
      if (workspace.find(channel, ts)?.visibleTo === person.id) workspace.remove(channel, ts)
    },
  }

  function clickResponseUrl(person: Person, message: Message) {
    return responseUrl({ user: person.id, channel: message.channel, messageTs: message.ts })
  }
}

export type Interactions = ReturnType<typeof createInteractions>

/** The `actions[0]` Slack sends for an element: found in the stored blocks, never taken from the page. */
function actionOf(blocks: readonly Json[], input: ClickInput): Json | undefined {
  const block = blocks.find((b) => b.block_id === input.blockId)
  if (!block) return undefined
  const elements = (
    block.type === 'actions' ? (block.elements ?? []) : block.accessory ? [block.accessory] : []
  ) as Json[]
  const element = elements.find((e) => e.action_id === input.actionId)
  if (!element) return undefined
  const base = { type: element.type, action_id: element.action_id, block_id: block.block_id }
  if (element.type === 'button')
    return {
      ...base,
      text: element.text,
      ...(element.value !== undefined ? { value: element.value } : {}),
      ...(element.style ? { style: element.style } : {}),
    }
  if (element.type === 'static_select' || element.type === 'overflow') {
    const groups = (element.option_groups ?? []) as { options?: Json[] }[]
    const options = [...((element.options ?? []) as Json[]), ...groups.flatMap((g) => g.options ?? [])]
    const selected = options.find((o) => o.value === input.selected)
    return selected ? { ...base, selected_option: selected } : undefined
  }
  return undefined
}
