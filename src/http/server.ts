import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { type AddressInfo, Server as NetServer } from 'node:net'
import type { Logger } from '../logger.js'

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>

/** `METHOD /path` → handler; `METHOD /dir/*` matches any name directly under `/dir/`. Anything else is a 404. */
export type Routes = Readonly<Record<string, Handler>>

export interface HttpServer {
  readonly server: Server
  /** Listens on `port`, on every interface unless `host` is given. */
  listen(port: number, host?: string): Promise<number>
  /** Stops accepting connections, lets in-flight requests finish (at most `graceMs`), then closes. */
  close(graceMs: number): Promise<void>
}

/** How long a closing server waits for the requests of connections it accepted before it stopped accepting. */
const ARRIVAL_GRACE_MS = 1_000

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())

export function createHttpServer(routes: Routes, logger: Logger): HttpServer {
  let inFlight = 0
  let idle: (() => void) | undefined
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const route =
      routes[`${req.method} ${path}`] ?? routes[`${req.method} ${path.slice(0, path.lastIndexOf('/') + 1)}*`]
    if (!route) return send(res, 404, { error: 'not found' })
    inFlight += 1
    try {
      await route(req, res)
    } catch (err) {
      logger.error({ err, url: req.url }, 'request failed')
      send(res, 400, { error: 'bad request' })
    } finally {
      inFlight -= 1
      if (inFlight === 0) idle?.()
    }
  })
  server.keepAliveTimeout = 65_000 // longer than a balancer's idle timeout (nginx: 60 s), so it closes first

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port))
      }),
    close: async (graceMs) => {
      // Stop accepting, but not with server.close(): since Node 19 that also resets every idle
      // connection at once, and a connection whose request has not been read yet is "idle".
      // Behind nginx (one request per connection) that fails a request the balancer already sent.
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()))
      await sleep(Math.min(ARRIVAL_GRACE_MS, graceMs))
      server.closeIdleConnections()
      const drained = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve))
      await Promise.race([drained, sleep(graceMs)])
      server.closeAllConnections()
      await closed
    },
  }
}

/** Readiness: whether to send traffic here, and the checks behind the answer. */
export type Readiness = () => Promise<{ ready: boolean; checks: Record<string, boolean> }>

/** `/healthz`: the process is alive. `/readyz`: it can serve (200) or should get no traffic (503). */
export function healthRoutes(readiness: Readiness): Routes {
  return {
    'GET /healthz': async (_req, res) => send(res, 200, { status: 'ok' }),
    'GET /readyz': async (_req, res) => {
      const { ready, checks } = await readiness()
      send(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks })
    },
  }
}

/** Ready when every check passes. */
export const allOf = (checks: Record<string, boolean>) => ({
  ready: Object.values(checks).every(Boolean),
  checks,
})

/** Writes a response once: nothing for an empty body, JSON for objects, text for strings. */
export function send(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return
  if (body === undefined || body === '') {
    res.writeHead(status).end()
  } else if (typeof body === 'string') {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body)
  } else {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body))
  }
}
