import { randomUUID } from 'node:crypto'
import { COMMAND } from '../slack/wording/index.js'
import { BOT, CHANNELS, type Channel, directChannelOf, type Person, TEAM } from './people.js'
import { type Json, type Message, slackTimestamps } from './workspace.js'

/**
 * The payloads Slack sends an app, built from what happened on the page. Only
 * documented fields, shaped as Slack shapes them, so the bot reads exactly what it would in production.
 */

const APP_ID = 'A0PLAYGROUND'
const userJson = (person: Person) => ({
  id: person.id,
  username: person.handle,
  name: person.handle,
  team_id: TEAM.id,
})
/** What every interaction payload carries: its type, who, which workspace and app. */
const interaction = (type: string, person: Person) => ({
  type,
  team: { id: TEAM.id, domain: TEAM.domain },
  user: userJson(person),
  api_app_id: APP_ID,
  token: 'playground',
  is_enterprise_install: false,
  enterprise: null,
})
const channelName = (id: string) => CHANNELS.find((c) => c.id === id)?.name ?? 'directmessage'

/** A slash command's form fields (the text escaped as with `should_escape: true`). */
export function slashCommand(input: {
  person: Person
  channel: string
  text: string
  responseUrl: string
  triggerId: string
}): Record<string, string> {
  return {
    token: 'playground',
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: input.channel,
    channel_name: channelName(input.channel),
    user_id: input.person.id,
    user_name: input.person.handle,
    command: COMMAND,
    text: input.text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  }
}

/** A block_actions payload: a click on a message (with its response_url) or in a view. */
export function blockActions(input: {
  person: Person
  action: Json
  triggerId: string
  message?: { message: Message; responseUrl: string }
  view?: Json
}): Json {
  const { message } = input
  return {
    ...interaction('block_actions', input.person),
    container: message
      ? {
          type: 'message',
          message_ts: message.message.ts,
          channel_id: message.message.channel,
          is_ephemeral: message.message.visibleTo !== undefined,
        }
      : { type: 'view', view_id: input.view?.id },
    trigger_id: input.triggerId,
    ...(message
      ? {
          channel: { id: message.message.channel, name: channelName(message.message.channel) },
          message: {
            type: 'message',
            ts: message.message.ts,
            text: message.message.text,
            blocks: message.message.blocks,
            user: message.message.author,
            ...(message.message.author === BOT.userId ? { bot_id: BOT.botId } : {}),
          },
          response_url: message.responseUrl,
          state: { values: {} },
        }
      : { view: input.view }),
    actions: [{ ...input.action, action_ts: actionTs() }],
  }
}

/** A view_submission payload: the view with its inputs' state. */
export function viewSubmission(input: { person: Person; view: Json; triggerId: string }): Json {
  return {
    ...interaction('view_submission', input.person),
    trigger_id: input.triggerId,
    view: input.view,
    response_urls: [],
  }
}

/** Sent when a modal with `notify_on_close` is closed. */
export function viewClosed(input: { person: Person; view: Json }): Json {
  return { ...interaction('view_closed', input.person), view: input.view, is_cleared: false }
}

/** The Events API envelope of `app_home_opened`. */
export function appHomeOpened(input: { person: Person; view?: Json }): Json {
  const now = Date.now() / 1000
  return {
    token: 'playground',
    team_id: TEAM.id,
    api_app_id: APP_ID,
    event: {
      type: 'app_home_opened',
      user: input.person.id,
      channel: directChannelOf(input.person.id),
      tab: 'home',
      event_ts: now.toFixed(6),
      ...(input.view ? { view: input.view } : {}),
    },
    type: 'event_callback',
    event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
    event_time: Math.floor(now),
    authorizations: [
      {
        enterprise_id: null,
        team_id: TEAM.id,
        user_id: BOT.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  }
}

/**
 * Command text as Slack sends it with `should_escape: true`: &, < and > as
 * entities, `#channel` and `@person` as references.
 */
export function escapeCommandText(
  text: string,
  people: readonly Person[],
  channels: readonly Channel[] = CHANNELS,
): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/(^|\s)#([\w-]+)/g, (whole, before: string, name: string) => {
      const channel = channels.find((c) => c.name === name.toLowerCase())
      return channel ? `${before}<#${channel.id}|${channel.name}>` : whole
    })
    .replace(/(^|\s)@([\w.-]+)/g, (whole, before: string, handle: string) => {
      const person = people.find((p) => p.handle === handle.toLowerCase())
      return person ? `${before}<@${person.id}|${person.handle}>` : whole
    })
}

/** Unique per click, as Slack's are: the bot keys a click's idempotency on it. */
const actionTs = slackTimestamps()
