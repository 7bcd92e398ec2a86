import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type WebSocket, WebSocketServer } from 'ws'
import type { SlackStandIn } from './slack.js'

/** The app-level token the stand-in accepts on `apps.connections.open`. */
export const TEST_APP_TOKEN = 'xapp-1-A0001-test-app-token'
/** Slack waits this long for an envelope's ack. */
const ACK_WINDOW_MS = 3_000

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api'

/** An envelope the stand-in sent, and what became of it. */
export interface SentEnvelope {
  readonly id: string
  readonly type: EnvelopeType
  readonly payload: Record<string, unknown>
  /** Which connection (1, 2, …) it went out on; a redelivery goes out again under a new id. */
  readonly connection: number
  readonly retryAttempt: number
  readonly sentAt: number
  ackedAt?: number
  /** The ack's `payload` (what Slack shows for a slash command, a view's response_action…). */
  ack?: Record<string, unknown>
}

/** Options for `send`: Slack's retry fields, and how long to wait for the ack. */
export interface SendOptions {
  readonly retryAttempt?: number
  readonly retryReason?: string
  readonly timeoutMs?: number
}

/**
 * Slack's Socket Mode, stood in on loopback: `apps.connections.open` (answered
 * through the Web API stand-in, with the app-level token checked) hands out a
 * single-use WebSocket URL; a connection gets `hello`, then envelopes shaped as
 * Slack sends them, and must ack each `envelope_id`. Like Slack it allows
 * `maxConnections` (10) at once and refuses more with `too_many_websockets`,
 * spreads envelopes over the open connections, stops sending on a connection
 * it asked to `disconnect` (closing it after `graceMs` unless the app does),
 * and sends an unacked Events API envelope again (retry_attempt + 1) when its
 * connection closes. `problems()` lists every rule an ack broke.
 */
export interface SocketModeStandIn {
  /** Sends an envelope and resolves with it once acked (rejects after `timeoutMs`, default 10 s). */
  send(type: EnvelopeType, payload: Record<string, unknown>, options?: SendOptions): Promise<SentEnvelope>
  /** Writes `text` as it is on an open connection (a message that is no envelope: nothing to ack). */
  raw(text: string): Promise<void>
  /** Sends `disconnect` (default reason `refresh_requested`) on every open connection, or the one numbered. */
  disconnect(options?: { reason?: string; connection?: number }): void
  /** Cuts every open connection without a word (a network failure). */
  drop(): void
  /** Connections open now (hello sent, not yet closed), by number. */
  open(): number[]
  /** Every connection ever opened, by number, with when it opened and closed. */
  connections(): { id: number; openedAt: number; closedAt?: number; refused: boolean }[]
  /** Every envelope sent, in order. */
  envelopes(): readonly SentEnvelope[]
  /** Broken rules: an ack late, twice, for an unknown envelope or on another connection; an envelope lost unacked. */
  problems(): string[]
  /** How often an envelope found no open connection and had to wait for one. */
  readonly waits: number
  close(): Promise<void>
}

interface Link {
  readonly id: number
  readonly socket: WebSocket
  readonly openedAt: number
  closedAt?: number
  draining: boolean
  refused: boolean
  readonly unacked: Map<string, SentEnvelope>
}

export async function startSocketModeStandIn(
  slack: SlackStandIn,
  options: { maxConnections?: number; graceMs?: number; appToken?: string } = {},
): Promise<SocketModeStandIn> {
  const maxConnections = options.maxConnections ?? 10
  const tickets = new Set<string>()
  const links: Link[] = []
  const sent: SentEnvelope[] = []
  const byId = new Map<string, SentEnvelope>()
  const problems: string[] = []
  const ackWaiters = new Map<string, (envelope: SentEnvelope) => void>()
  const openWaiters = new Set<() => void>()
  let waits = 0
  let nextLink = 0
  let turn = 0

  const http: Server = createServer((_req, res) => res.writeHead(404).end())
  const wss = new WebSocketServer({ server: http, path: '/link/' })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const base = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`

  slack.handle('apps.connections.open', (call) => {
    if (call.token !== (options.appToken ?? TEST_APP_TOKEN))
      return { body: { ok: false, error: call.token ? 'invalid_auth' : 'not_authed' } }
    const ticket = randomUUID()
    tickets.add(ticket)
    return { body: { ok: true, url: `${base}/link/?ticket=${ticket}&app_id=A0001` } }
  })

  const openLinks = () => links.filter((l) => l.closedAt === undefined && !l.refused)
  const serving = () => openLinks().filter((l) => !l.draining)

  wss.on('connection', (socket, req) => {
    const ticket = new URL(req.url ?? '/', base).searchParams.get('ticket') ?? ''
    if (!tickets.delete(ticket)) {
      socket.close(1008, 'invalid ticket')
      return
    }
    nextLink += 1
    const link: Link = {
      id: nextLink,
      socket,
      openedAt: Date.now(),
      draining: false,
      refused: openLinks().length >= maxConnections,
      unacked: new Map(),
    }
    links.push(link)
    socket.on('message', (data) => onAck(link, String(data)))
    socket.on('close', () => onClose(link))
    socket.on('error', () => undefined)
    if (link.refused) {
      socket.send(
        JSON.stringify({
          type: 'disconnect',
          reason: 'too_many_websockets',
          debug_info: { host: 'applink-test' },
        }),
      )
      setTimeout(() => socket.close(1000), 50).unref()
      return
    }
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: openLinks().length,
        debug_info: { host: 'applink-test', build_number: 1, approximate_connection_time: 18_060 },
        connection_info: { app_id: 'A0001' },
      }),
    )
    for (const wake of [...openWaiters]) wake()
  })

  function onAck(link: Link, text: string) {
    let message: { envelope_id?: unknown; payload?: unknown }
    try {
      message = JSON.parse(text)
    } catch {
      problems.push(`connection ${link.id} sent something that is not JSON: ${text.slice(0, 80)}`)
      return
    }
    const id = String(message.envelope_id)
    const envelope = byId.get(id)
    if (!envelope) return void problems.push(`an ack for an unknown envelope_id ${id}`)
    if (envelope.ackedAt !== undefined) return void problems.push(`envelope ${id} acked twice`)
    if (envelope.connection !== link.id)
      problems.push(`envelope ${id} acked on connection ${link.id}, sent on ${envelope.connection}`)
    envelope.ackedAt = Date.now()
    envelope.ack = (message.payload ?? {}) as Record<string, unknown>
    if (envelope.ackedAt - envelope.sentAt > ACK_WINDOW_MS)
      problems.push(`envelope ${id} (${envelope.type}) acked after ${envelope.ackedAt - envelope.sentAt} ms`)
    link.unacked.delete(id)
    ackWaiters.get(id)?.(envelope)
  }

  function onClose(link: Link) {
    link.closedAt = Date.now()
    for (const envelope of link.unacked.values()) {
      if (envelope.type === 'events_api') {
        // Slack sends an unacknowledged event again.
        void deliver(envelope.type, envelope.payload, {
          retryAttempt: envelope.retryAttempt + 1,
          retryReason: 'timeout',
        })
          .then((again) => ackWaiters.get(envelope.id)?.(again))
          .catch(() => undefined)
      } else problems.push(`envelope ${envelope.id} (${envelope.type}) was never acked: lost`)
    }
    link.unacked.clear()
  }

  async function pickLink(): Promise<Link> {
    for (let waited = false; ; waited = true) {
      const candidates = serving()
      if (candidates.length) {
        if (waited) waits += 1
        turn = (turn + 1) % candidates.length
        return candidates[turn] as Link
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          openWaiters.delete(wake)
          resolve()
        }
        openWaiters.add(wake)
        setTimeout(wake, 100).unref()
      })
    }
  }

  async function deliver(type: EnvelopeType, payload: Record<string, unknown>, o: SendOptions) {
    const link = await pickLink()
    const envelope: SentEnvelope = {
      id: randomUUID(),
      type,
      payload,
      connection: link.id,
      retryAttempt: o.retryAttempt ?? 0,
      sentAt: Date.now(),
    }
    sent.push(envelope)
    byId.set(envelope.id, envelope)
    link.unacked.set(envelope.id, envelope)
    const acked = new Promise<SentEnvelope>((resolve) => ackWaiters.set(envelope.id, resolve))
    link.socket.send(
      JSON.stringify({
        envelope_id: envelope.id,
        payload,
        type,
        accepts_response_payload: type !== 'events_api',
        ...(type === 'events_api'
          ? { retry_attempt: envelope.retryAttempt, retry_reason: o.retryReason ?? '' }
          : {}),
      }),
    )
    return acked
  }

  return {
    send(type, payload, o = {}) {
      const timeoutMs = o.timeoutMs ?? 10_000
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ack for a ${type} envelope in ${timeoutMs} ms`)),
          timeoutMs,
        )
        deliver(type, payload, o).then((envelope) => {
          clearTimeout(timer)
          resolve(envelope)
        }, reject)
      })
    },
    async raw(text) {
      ;(await pickLink()).socket.send(text)
    },
    disconnect({ reason = 'refresh_requested', connection } = {}) {
      for (const link of openLinks()) {
        if (connection !== undefined && link.id !== connection) continue
        link.draining = true
        link.socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-test' } }))
        setTimeout(() => link.socket.close(1000), options.graceMs ?? 10_000).unref()
      }
    },
    drop() {
      for (const link of openLinks()) link.socket.terminate()
    },
    open: () => openLinks().map((l) => l.id),
    connections: () =>
      links.map((l) => ({
        id: l.id,
        openedAt: l.openedAt,
        ...(l.closedAt === undefined ? {} : { closedAt: l.closedAt }),
        refused: l.refused,
      })),
    envelopes: () => sent,
    problems: () => [...problems],
    get waits() {
      return waits
    },
    async close() {
      for (const link of links) link.socket.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      http.closeAllConnections()
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}
