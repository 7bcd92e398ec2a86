import type { Files } from './files.js'
import { BOT, directChannelOf, TEAM } from './people.js'
import { type Views, viewPayload } from './views.js'
import type { Json, Message, Workspace } from './workspace.js'

export interface WebApiDeps {
  readonly workspace: Workspace
  readonly views: Views
  readonly files: Files
  /** `http://127.0.0.1:PORT/playground/`: where upload URLs point. */
  readonly base: string
}

type Method = (args: Json, deps: WebApiDeps) => Json

const fail = (error: string) => ({ ok: false, error })
/** Slack's limits on a message: text or blocks, at most 50 blocks. */
const MAX_MESSAGE_BLOCKS = 50

/** A channel id, a person's id (their DM with the bot), or nothing Slack would know. */
function conversationOf(channel: unknown, deps: WebApiDeps): string | undefined {
  if (typeof channel !== 'string') return undefined
  if (deps.workspace.person(channel)) return directChannelOf(channel)
  return deps.workspace.has(channel) ? channel : undefined
}

function content(args: Json): { text: string; blocks: Json[] } | { error: string } {
  const blocks = Array.isArray(args.blocks) ? (args.blocks as Json[]) : []
  const text = typeof args.text === 'string' ? args.text : ''
  if (!text && !blocks.length) return { error: 'no_text' }
  if (blocks.length > MAX_MESSAGE_BLOCKS) return { error: 'invalid_blocks' }
  return { text, blocks }
}

const messageJson = (m: Message) => ({
  type: 'message',
  ts: m.ts,
  text: m.text,
  blocks: m.blocks,
  bot_id: BOT.botId,
  user: BOT.userId,
})

const viewAnswer = (result: ReturnType<Views['open']>) =>
  'error' in result ? fail(result.error) : { ok: true, view: viewPayload(result) }

/** The Web API methods the bot calls, answered as Slack answers them (including its refusals). */
export const METHODS: Readonly<Record<string, Method>> = {
  'auth.test': () => ({
    ok: true,
    url: `https://${TEAM.domain}.slack.com/`,
    team: TEAM.name,
    team_id: TEAM.id,
    user: BOT.name.toLowerCase(),
    user_id: BOT.userId,
    bot_id: BOT.botId,
  }),

  'chat.postMessage': (args, deps) => {
    const channel = conversationOf(args.channel, deps)
    if (!channel) return fail('channel_not_found')
    const body = content(args)
    if ('error' in body) return fail(body.error)
    const posted = deps.workspace.post(channel, { author: BOT.userId, ...body })
    return { ok: true, channel, ts: posted.ts, message: messageJson(posted) }
  },

  'chat.postEphemeral': (args, deps) => {
    const channel = conversationOf(args.channel, deps)
    if (!channel) return fail('channel_not_found')
    if (!deps.workspace.person(args.user)) return fail('user_not_found')
    const body = content(args)
    if ('error' in body) return fail(body.error)
    const posted = deps.workspace.post(channel, { author: BOT.userId, visibleTo: String(args.user), ...body })
    return { ok: true, message_ts: posted.ts }
  },

  'chat.update': (args, deps) => {
    const channel = conversationOf(args.channel, deps)
    if (!channel) return fail('channel_not_found')
    const old = deps.workspace.find(channel, String(args.ts))
    // Ephemeral messages cannot be found through the Web API, only through their response_url.
    if (!old || old.visibleTo) return fail('message_not_found')
    if (old.author !== BOT.userId) return fail('cant_update_message')
    const body = content(args)
    if ('error' in body) return fail(body.error)
    deps.workspace.update(channel, old.ts, body)
    return { ok: true, channel, ts: old.ts, text: body.text }
  },

  'conversations.open': (args, deps) => {
    const person = deps.workspace.person(args.users)
    if (!person) return fail('user_not_found')
    return { ok: true, channel: { id: directChannelOf(person.id) } }
  },

  'users.info': (args, deps) => {
    const person = deps.workspace.person(args.user)
    if (!person) return fail('user_not_found')
    return {
      ok: true,
      user: {
        id: person.id,
        team_id: TEAM.id,
        name: person.handle,
        real_name: person.name,
        is_owner: person.slack === 'owner',
        is_admin: person.slack !== undefined,
        is_bot: false,
      },
    }
  },

  'views.open': (args, deps) => viewAnswer(deps.views.open(args.trigger_id, (args.view ?? {}) as Json)),
  'views.push': (args, deps) => viewAnswer(deps.views.push(args.trigger_id, (args.view ?? {}) as Json)),
  'views.update': (args, deps) =>
    viewAnswer(
      deps.views.update(
        { viewId: args.view_id, externalId: args.external_id, hash: args.hash },
        (args.view ?? {}) as Json,
      ),
    ),
  'views.publish': (args, deps) => {
    const user = deps.workspace.person(args.user_id)
    if (!user) return fail('user_not_found')
    return viewAnswer(deps.views.publish(user.id, (args.view ?? {}) as Json, args.hash))
  },

  'files.getUploadURLExternal': (args, deps) => {
    const length = Number(args.length)
    if (typeof args.filename !== 'string' || !args.filename || !Number.isInteger(length) || length < 1)
      return fail('invalid_arguments')
    const file = deps.files.reserve(args.filename, length)
    return { ok: true, upload_url: `${deps.base}upload?id=${file.id}`, file_id: file.id }
  },

  'files.completeUploadExternal': (args, deps) => {
    const wanted = Array.isArray(args.files) ? (args.files as { id?: string; title?: string }[]) : []
    const files = wanted.map((f) => ({ file: deps.files.get(String(f.id)), title: f.title }))
    if (!files.length || files.some((f) => !f.file?.content)) return fail('file_not_found')
    const channel = args.channel_id === undefined ? undefined : conversationOf(args.channel_id, deps)
    if (args.channel_id !== undefined && !channel) return fail('channel_not_found')
    for (const { file, title } of files)
      if (file && channel)
        deps.workspace.post(channel, {
          author: BOT.userId,
          text: typeof args.initial_comment === 'string' ? args.initial_comment : '',
          blocks: [],
          file: { id: file.id, name: file.name, title: title ?? file.name, size: file.content?.length ?? 0 },
        })
    return { ok: true, files: files.map(({ file, title }) => ({ id: file?.id, title: title ?? file?.name })) }
  },
}

/** Slack's answer to a call: the method's, or `unknown_method` for one the playground does not play. */
export function callWebApi(method: string, args: Json, deps: WebApiDeps): Json {
  const run = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined
  return run ? run(args, deps) : fail('unknown_method')
}
