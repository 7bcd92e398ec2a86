import { SocketModeClient } from '@slack/socket-mode'

/** Emitted with Slack's reason when Slack sends `disconnect` (`warning`, `refresh_requested`, `too_many_websockets`…). */
export const DISCONNECT_REQUESTED = 'disconnect_requested'
/** Slack's reason for refusing a connection past its limit of 10 per app. */
export const TOO_MANY_CONNECTIONS = 'too_many_websockets'

/** The envelope types Slack sends over Socket Mode that carry a payload for Bolt. */
export const ENVELOPE_TYPES: ReadonlySet<string> = new Set(['events_api', 'slash_commands', 'interactive'])
/** What an envelope of any other shape is passed on as, so that it is acked and never reaches Bolt. */
export const UNREADABLE = 'unreadable_envelope'

/**
 * One Socket Mode connection: Bolt's `SocketModeClient`, with its automatic
 * reconnection off and two differences in how it reads Slack's messages.
 *
 * - Slack's `disconnect` is left to the owner (`socket/connections.ts`), which
 *   opens the replacement first and closes this connection once its envelopes
 *   are acked; the client alone would close at once, losing those acks, and
 *   reconnect seconds later.
 * - An envelope the client would throw on or misroute (no `payload`, an event
 *   without a type, a `type` naming one of the client's own lifecycle events)
 *   is passed on as `unreadable_envelope`, to be acked and dropped.
 *
 * It counts envelopes received and not yet acked (`begin` / the function it
 * returns), so the owner can wait for them before closing.
 */
export class SocketConnection extends SocketModeClient {
  private pending = 0
  private idle: (() => void) | undefined

  /** Call when an envelope arrives; call what it returns once it is acked (or its ack failed). */
  begin(): () => void {
    this.pending += 1
    let done = false
    return () => {
      if (done) return
      done = true
      this.pending -= 1
      if (this.pending === 0) this.idle?.()
    }
  }

  /** Resolves once every envelope received has been acked, or after `timeoutMs`. */
  async drained(timeoutMs: number): Promise<void> {
    if (this.pending === 0) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs)
      this.idle = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }

  protected override async onWebSocketMessage(data: string | ArrayBuffer, isBinary: boolean): Promise<void> {
    if (isBinary) return
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data)
    const message = parseObject(text)
    if (!message) return // not JSON: Slack never sends it, and there is no envelope id to ack
    if (message.type === 'disconnect') {
      this.emit(DISCONNECT_REQUESTED, typeof message.reason === 'string' ? message.reason : 'unknown')
      return
    }
    if (message.type === 'hello' || isReadable(message)) return super.onWebSocketMessage(text, false)
    if (typeof message.envelope_id !== 'string') return
    await super.onWebSocketMessage(
      JSON.stringify({ type: UNREADABLE, envelope_id: message.envelope_id, payload: {} }),
      false,
    )
  }
}

/** The events the client itself emits and listens to. */
const CLIENT_EVENTS: ReadonlySet<string> = new Set([
  'connecting',
  'authenticated',
  'connected',
  'reconnecting',
  'disconnecting',
  'disconnected',
  'close',
  'error',
  'ws_message',
  'slack_event',
  'outgoing_message',
  'unable_to_socket_mode_start',
  DISCONNECT_REQUESTED,
  ...ENVELOPE_TYPES,
  UNREADABLE,
])

function isReadable(message: Record<string, unknown>): boolean {
  const payload = message.payload as { event?: { type?: unknown } } | null | undefined
  if (typeof message.envelope_id !== 'string' || !ENVELOPE_TYPES.has(String(message.type))) return false
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return false
  if (message.type !== 'events_api') return true
  // The client emits an event under its own type name: never let it be one of the client's own events.
  const type = payload.event?.type
  return typeof type === 'string' && /^[a-z][a-z0-9_.]*$/.test(type) && !CLIENT_EVENTS.has(type)
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
