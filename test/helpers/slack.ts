import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One call the bot made to the stand-in: a Web API method, or a post to a response_url. */
export interface RecordedCall {
  readonly kind: 'api' | 'response' | 'upload'
  /** The Web API method, or the response_url's id. */
  readonly name: string
  readonly body: Record<string, unknown>
  /** The token the call was made with (Authorization: Bearer, or a `token` field), if any. */
  readonly token: string | undefined
  readonly at: number
}

/** Answers calls to one Web API method (the Socket Mode stand-in answers `apps.connections.open`). */
export type MethodHandler = (call: RecordedCall) => CannedReply

/** How the stand-in answers: a status, a JSON body and headers, after a delay. Default: 200 {ok: true}, at once. */
export interface CannedReply {
  readonly status?: number
  readonly body?: Record<string, unknown>
  readonly headers?: Record<string, string>
  /** Answer only after this long (a Slack that is slow, or gone quiet). */
  readonly delayMs?: number
}

/**
 * Slack, stood in at its HTTP boundary on loopback: the Web API
 * (`/api/<method>`, including auth.test) and response_urls (`/response/<id>`).
 * It records every call and answers from a queue of canned replies per name.
 */
export interface SlackStandIn {
  readonly apiUrl: string
  /** A fresh response_url. */
  responseUrl(id?: string): string
  calls(filter?: { kind?: RecordedCall['kind']; name?: string }): RecordedCall[]
  /** Queues replies for the next calls to `name` (a method, or a response_url id; `*` for any response_url). */
  reply(name: string, ...replies: CannedReply[]): void
  /** Answers every call to `method` with `handler` (queued replies still come first). */
  handle(method: string, handler: MethodHandler): void
  /**
   * Says who someone is, as users.info will answer (the bot remembers an answer
   * for minutes: set it before their first request). By default `U0001` is the
   * workspace's primary owner, the person who installed the app, and everyone
   * else a member.
   */
  setUser(id: string, profile: { isAdmin?: boolean; isOwner?: boolean }): void
  /** Resolves once `count` calls match the filter (default: 1), or rejects after `timeoutMs`. */
  waitFor(
    filter: { kind?: RecordedCall['kind']; name?: string },
    count?: number,
    timeoutMs?: number,
  ): Promise<RecordedCall[]>
  close(): Promise<void>
}

/**
 * Starts the stand-in. `host` is the address it listens on, and the one its
 * URLs name (default 127.0.0.1; containers reach it on the Docker bridge's gateway).
 */
export async function startSlackStandIn(options: { host?: string } = {}): Promise<SlackStandIn> {
  const host = options.host ?? '127.0.0.1'
  const recorded: RecordedCall[] = []
  // Indexed by name, so that thousands of waiters (the benchmark) stay cheap.
  const byName = new Map<string, RecordedCall[]>()
  const queued = new Map<string, CannedReply[]>()
  const waiters = new Map<string, Set<() => void>>()
  const handlers = new Map<string, MethodHandler>()
  const directory = new Map<string, { isAdmin?: boolean; isOwner?: boolean }>([
    [INSTALLER, { isOwner: true }],
  ])

  let base = ''
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req)
    const url = req.url ?? '/'
    const [, kind, name = ''] = url.match(/^\/(api|response|upload)\/([^?]*)/) ?? []
    if (!kind) {
      res.writeHead(404).end()
      return
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const token = bearer ?? (typeof body.token === 'string' ? body.token : undefined)
    const call = { kind: kind as RecordedCall['kind'], name, body, token, at: Date.now() }
    recorded.push(call)
    byName.set(name, [...(byName.get(name) ?? []), call])
    for (const wake of [...(waiters.get(name) ?? []), ...(waiters.get('') ?? [])]) wake()
    const handler = kind === 'api' ? handlers.get(name) : undefined
    const canned =
      queued.get(name)?.shift() ??
      (kind === 'response' ? queued.get('*')?.shift() : undefined) ??
      handler?.(call)
    if (canned?.delayMs) await new Promise((resolve) => setTimeout(resolve, canned.delayMs))
    if (res.destroyed) return
    const status = canned?.status ?? 200
    const reply = canned?.body ?? (kind === 'api' ? defaultApiReply(name, base, body, directory) : undefined)
    res.writeHead(status, { 'content-type': 'application/json', ...canned?.headers })
    res.end(reply === undefined ? 'ok' : JSON.stringify(reply))
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  base = `http://${host}:${(server.address() as AddressInfo).port}`

  const matching = (f: { kind?: RecordedCall['kind']; name?: string }) =>
    (f.name ? (byName.get(f.name) ?? []) : recorded).filter((c) => !f.kind || c.kind === f.kind)

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id = randomUUID()) => `${base}/response/${id}`,
    calls: (filter = {}) => matching(filter),
    setUser(id, profile) {
      directory.set(id, profile)
    },
    reply(name, ...replies) {
      queued.set(name, [...(queued.get(name) ?? []), ...replies])
    },
    handle(method, handler) {
      handlers.set(method, handler)
    },
    waitFor(filter, count = 1, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = matching(filter)
          if (found.length < count) return
          cleanup()
          resolve(found)
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(
            new Error(
              `timed out waiting for ${count} ${JSON.stringify(filter)} (saw ${matching(filter).length})`,
            ),
          )
        }, timeoutMs)
        const key = filter.name ?? ''
        const cleanup = () => {
          clearTimeout(timer)
          waiters.get(key)?.delete(check)
        }
        waiters.set(key, (waiters.get(key) ?? new Set()).add(check))
        check()
      })
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** The person who installed the app: the workspace's primary owner, so an admin of the inventory too. */
const INSTALLER = 'U0001'

function defaultApiReply(
  method: string,
  base: string,
  body: Record<string, unknown>,
  directory: ReadonlyMap<string, { isAdmin?: boolean; isOwner?: boolean }>,
): Record<string, unknown> {
  if (method === 'users.info') {
    const id = String(body.user ?? '')
    const profile = directory.get(id) ?? {}
    return {
      ok: true,
      user: {
        id,
        team_id: 'T0001',
        name: id.toLowerCase(),
        is_admin: profile.isAdmin === true || profile.isOwner === true,
        is_owner: profile.isOwner === true,
        is_primary_owner: id === INSTALLER && profile.isOwner === true,
        is_bot: false,
      },
    }
  }
  if (method === 'files.getUploadURLExternal') {
    const id = `F${randomUUID().slice(0, 8).toUpperCase()}`
    return { ok: true, upload_url: `${base}/upload/${id}`, file_id: id }
  }
  if (method === 'conversations.open') return { ok: true, channel: { id: `D${String(body.users).slice(1)}` } }
  if (method === 'auth.test')
    return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001', url: 'https://test.slack.com/' }
  if (method === 'chat.postMessage' || method === 'chat.update')
    return { ok: true, ts: body.ts ?? `${(Date.now() / 1000).toFixed(6)}`, channel: body.channel }
  if (method === 'views.open' || method === 'views.publish' || method === 'views.update')
    return { ok: true, view: { id: `V${randomUUID().slice(0, 8).toUpperCase()}` } }
  return { ok: true }
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw = ''
  for await (const chunk of req) raw += chunk
  if (!raw) return {}
  const type = req.headers['content-type'] ?? ''
  if (type.includes('text/csv')) return { csv: raw }
  if (type.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>
  // The Web API client posts form fields; structured ones (blocks, view) arrive as JSON strings.
  return Object.fromEntries(
    [...new URLSearchParams(raw)].map(([k, v]) => {
      try {
        return [k, v.startsWith('[') || v.startsWith('{') ? JSON.parse(v) : v]
      } catch {
        return [k, v]
      }
    }),
  )
}
