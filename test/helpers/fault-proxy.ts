import { connect, createServer, type Server, type Socket } from 'node:net'
import { createFrontendParser, type RoundTrip } from './postgres-wire.js'

/** How the proxy treats traffic: pass it, delay it, swallow it, reset it, or refuse connections. */
export type FaultMode =
  | { readonly kind: 'pass' }
  | { readonly kind: 'latency'; readonly ms: number }
  | { readonly kind: 'blackhole' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'refuse' }

export interface FaultProxy {
  readonly port: number
  /** `url` with its host and port replaced by the proxy's. */
  through(url: string): string
  set(mode: FaultMode): Promise<void>
  /** With `{ postgres: true }`: every round trip clients made to PostgreSQL through the proxy, in order. */
  roundTrips(): readonly RoundTrip[]
  close(): Promise<void>
}

/**
 * A TCP proxy on loopback between the app and a service (Postgres, RabbitMQ),
 * that injects the faults real networks have: latency, a blackhole (nothing
 * comes back, nothing errors), resets, and refused connections. In front of
 * PostgreSQL (`postgres: true`) it also reads the client's side of the wire
 * protocol and records each round trip, so that tests can count them.
 */
export async function startFaultProxy(
  target: { host: string; port: number },
  options: { postgres?: boolean } = {},
): Promise<FaultProxy> {
  let mode: FaultMode = { kind: 'pass' }
  const roundTrips: RoundTrip[] = []
  const pairs = new Set<{ client: Socket; upstream: Socket }>()
  let server: Server

  const forward = (from: Socket, to: Socket) => {
    let queue = Promise.resolve()
    from.on('data', (chunk) => {
      if (mode.kind === 'blackhole') return
      if (mode.kind === 'latency') {
        const ms = mode.ms
        from.pause()
        queue = queue.then(
          () =>
            new Promise<void>((resolve) =>
              setTimeout(() => {
                if (!to.destroyed) to.write(chunk)
                from.resume()
                resolve()
              }, ms),
            ),
        )
      } else if (!to.destroyed) to.write(chunk)
    })
  }

  const onConnection = (client: Socket) => {
    if (mode.kind === 'reset') {
      client.resetAndDestroy()
      return
    }
    const upstream = connect(target.port, target.host)
    const pair = { client, upstream }
    pairs.add(pair)
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
    if (options.postgres)
      client.on(
        'data',
        createFrontendParser((r) => roundTrips.push(r)),
      )
    forward(client, upstream)
    forward(upstream, client)
  }

  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const s = createServer(onConnection)
      s.once('error', reject)
      s.listen(port, '127.0.0.1', () => resolve(s))
    })
  server = await listen(0)
  const port = (server.address() as { port: number }).port

  return {
    port,
    through(url) {
      const parsed = new URL(url)
      parsed.hostname = '127.0.0.1'
      parsed.port = String(port)
      return parsed.toString()
    },
    async set(next) {
      const wasRefusing = mode.kind === 'refuse'
      mode = next
      if (next.kind === 'reset' || next.kind === 'refuse')
        for (const { client, upstream } of pairs) {
          client.resetAndDestroy()
          upstream.destroy()
        }
      if (next.kind === 'refuse' && !wasRefusing) await new Promise((resolve) => server.close(resolve))
      if (wasRefusing && next.kind !== 'refuse') server = await listen(port)
    },
    roundTrips: () => roundTrips,
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy()
        upstream.destroy()
      }
      if (mode.kind !== 'refuse') await new Promise((resolve) => server.close(resolve))
    },
  }
}
