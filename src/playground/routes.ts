import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { type Handler, type Routes, send } from '../http/server.js'
import type { Files } from './files.js'
import type { Interactions } from './interactions.js'
import { BOT, CHANNELS, directChannelOf, type PersonView, TEAM } from './people.js'
import { respond } from './responses.js'
import type { View, Views } from './views.js'
import { callWebApi } from './web-api.js'
import { type Json, type Message, parseJsonObject, type Workspace } from './workspace.js'

export interface RouteDeps {
  readonly workspace: Workspace
  readonly views: Views
  readonly files: Files
  readonly interactions: Interactions
  readonly people: readonly PersonView[]
  /** The people with their labels as they are now (their roles, read from the bot once it runs). */
  readonly labelled: () => Promise<readonly PersonView[]>
  /** The bot token the playground hands the bot, and checks on every Web API call. */
  readonly token: string
  readonly base: string
}

/** The page and its compiled scripts, next to this module (`dist/playground/page/`). */
const PAGE_DIR = new URL('./page/', import.meta.url)
const ASSET = /^[a-z][a-z-]*\.(js|css|html)$/
const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
}
const BODY_LIMIT_BYTES = 10 * 1024 * 1024

const User = z.object({ user: z.string().max(30) })
const Conversation = z.string().regex(/^[CDG][A-Z0-9]{2,29}$/)
const Values = z.record(z.string(), z.record(z.string(), z.unknown()))

/**
 * The playground's HTTP side, on the bot's own server: the page (`GET /`),
 * what the page asks (state, a change stream, browser actions as JSON), and
 * Slack's side for the bot (Web API, response_urls, file uploads).
 */
export function playgroundRoutes(deps: RouteDeps): Routes {
  const { workspace, views, interactions } = deps
  const mayRead = (person: PersonView, channel: string) =>
    CHANNELS.some((c) => c.id === channel) || channel === directChannelOf(person.id)

  /** A JSON POST from the page: checked, the person found, then `run`. JSON only, so no other site can post here. */
  const fromPage =
    <T extends { user: string }>(
      schema: z.ZodType<T>,
      run: (input: T, person: PersonView) => unknown,
    ): Handler =>
    async (req, res) => {
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return send(res, 415, { error: 'send JSON' })
      const parsed = schema.safeParse(
        parseJsonObject((await readBody(req, BODY_LIMIT_BYTES))?.toString('utf8') ?? ''),
      )
      if (!parsed.success) return send(res, 400, { error: z.prettifyError(parsed.error) })
      const person = deps.people.find((p) => p.id === parsed.data.user)
      if (!person) return send(res, 400, { error: 'unknown person' })
      send(res, 200, (await run(parsed.data, person)) ?? {})
    }

  return {
    'GET /': (_req, res) => asset(res, 'index.html'),
    'GET /playground/*': (req, res) => asset(res, lastSegment(req)),

    'GET /playground/state': async (req, res) => {
      const query = new URL(req.url ?? '/', 'http://x').searchParams
      // No person asked for (a first visit): the first one.
      const person = query.get('user') ? deps.people.find((p) => p.id === query.get('user')) : deps.people[0]
      const conversation = query.get('conversation') ?? ''
      if (!person) return send(res, 400, { error: 'unknown person' })
      const messages = mayRead(person, conversation) ? workspace.visible(conversation, person.id) : []
      const home = views.home(person.id)
      send(res, 200, {
        version: workspace.version(),
        team: TEAM,
        bot: BOT,
        people: await deps.labelled(),
        channels: CHANNELS,
        directChannel: directChannelOf(person.id),
        messages: messages.map(messageJson),
        modals: views.modals(person.id).map(viewJson),
        home: home ? viewJson(home) : null,
      })
    },

    /** Server-sent events: the workspace's version after every change; the page then re-reads its state. */
    'GET /playground/stream': async (req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
      res.write(`retry: 1000\ndata: ${workspace.version()}\n\n`)
      const stop = workspace.onChange(() => res.write(`data: ${workspace.version()}\n\n`))
      req.once('close', stop)
    },

    'GET /playground/file': async (req, res) => {
      const file = deps.files.get(new URL(req.url ?? '/', 'http://x').searchParams.get('id') ?? '')
      if (!file?.content) return send(res, 404, { error: 'no such file' })
      const name = file.name.replace(/[^\w.-]/g, '_')
      res
        .writeHead(200, {
          'content-type': name.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/octet-stream',
          'content-disposition': `attachment; filename="${name}"`,
        })
        .end(file.content)
    },

    'POST /playground/command': fromPage(
      User.extend({ conversation: Conversation, text: z.string().max(4000) }),
      async (input, person) => {
        if (!mayRead(person, input.conversation)) return { error: 'not in that conversation' }
        await interactions.command(person, input.conversation, input.text)
        return {}
      },
    ),
    'POST /playground/action': fromPage(
      User.extend({
        channel: Conversation.optional(),
        ts: z.string().max(30).optional(),
        viewId: z.string().max(30).optional(),
        blockId: z.string().max(255),
        actionId: z.string().max(255),
        selected: z.string().max(2000).optional(),
        values: Values.optional(),
      }),
      (input, person) => interactions.click(person, input),
    ),
    'POST /playground/submit': fromPage(
      User.extend({ viewId: z.string().max(30), values: Values }),
      (input, person) => interactions.submit(person, input.viewId, input.values),
    ),
    'POST /playground/close': fromPage(User.extend({ viewId: z.string().max(30) }), (input, person) =>
      interactions.close(person, input.viewId),
    ),
    'POST /playground/home': fromPage(User, (_input, person) => interactions.openHome(person)),
    'POST /playground/dismiss': fromPage(
      User.extend({ channel: Conversation, ts: z.string().max(30) }),
      (input, person) => interactions.dismiss(person, input.channel, input.ts),
    ),

    /** The Web API, as the bot's WebClient calls it: form fields (objects as JSON strings) or JSON, a bearer token. */
    'POST /playground/api/*': async (req, res) => {
      const raw = (await readBody(req, BODY_LIMIT_BYTES))?.toString('utf8') ?? ''
      const args = (req.headers['content-type'] ?? '').startsWith('application/json')
        ? (parseJsonObject(raw) ?? {})
        : formArgs(raw)
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || args.token
      if (token !== deps.token)
        return send(res, 200, { ok: false, error: token ? 'invalid_auth' : 'not_authed' })
      send(res, 200, callWebApi(lastSegment(req), args, { ...deps, base: deps.base }))
    },

    'POST /playground/response': async (req, res) => {
      const target = workspace.responseTarget(
        new URL(req.url ?? '/', 'http://x').searchParams.get('id') ?? '',
      )
      if (!target) return send(res, 404, 'no_active_hooks')
      const body = parseJsonObject((await readBody(req, BODY_LIMIT_BYTES))?.toString('utf8') ?? '')
      if (!body) return send(res, 400, 'invalid_payload')
      const { error } = respond(workspace, target, body)
      send(res, error ? 400 : 200, error ?? 'ok')
    },

    'POST /playground/upload': async (req, res) => {
      const id = new URL(req.url ?? '/', 'http://x').searchParams.get('id') ?? ''
      const content = await readBody(req, BODY_LIMIT_BYTES)
      if (!content) return send(res, 413, 'too large')
      if (!deps.files.store(id, content)) return send(res, 404, 'no such upload')
      send(res, 200, `OK - ${content.length}`)
    },
  }
}

async function asset(res: ServerResponse, name: string): Promise<void> {
  const type = CONTENT_TYPES[name.split('.').pop() ?? '']
  if (!ASSET.test(name) || !type) return send(res, 404, { error: 'not found' })
  try {
    const content = await readFile(new URL(name, PAGE_DIR))
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' }).end(content)
  } catch {
    send(res, 404, { error: 'not found' })
  }
}

const lastSegment = (req: IncomingMessage) =>
  decodeURIComponent((req.url ?? '').split('?')[0]?.split('/').pop() ?? '')

const messageJson = (m: Message) => ({
  ts: m.ts,
  channel: m.channel,
  author: m.author,
  ephemeral: m.visibleTo !== undefined,
  text: m.text,
  blocks: m.blocks,
  rev: m.rev,
  ...(m.invocation ? { invocation: m.invocation } : {}),
  ...(m.file ? { file: { ...m.file, url: `/playground/file?id=${m.file.id}` } } : {}),
})

const viewJson = (v: View) => ({ ...v.spec, id: v.id, hash: v.hash })

/** A body, or undefined past the limit (read to its end all the same, so the connection stays usable). */
async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size <= limitBytes) chunks.push(chunk as Buffer)
  }
  return size > limitBytes ? undefined : Buffer.concat(chunks)
}

/** The WebClient sends form fields, with objects and arrays (blocks, view, files) as JSON strings. */
function formArgs(raw: string): Json {
  return Object.fromEntries(
    [...new URLSearchParams(raw)].map(([key, value]) => {
      if (!/^[[{]/.test(value)) return [key, value]
      try {
        return [key, JSON.parse(value)]
      } catch {
        return [key, value]
      }
    }),
  )
}
