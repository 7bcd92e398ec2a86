import type { SignedResponse } from './signed.js'

/** What a stream of requests saw: every reply, and the failures among them. */
export interface Tally {
  readonly sent: number
  /** Answered 200 with the body `accepts` wanted (e.g. "Working on it…" for a change). */
  readonly ok: number
  /** Request ids whose answer was accepted (for changes: acknowledged). */
  readonly acceptedIds: string[]
  /** Answered 200 with nothing: the bot's backstop when its answer was not ready within Slack's 3 s. */
  readonly late: string[]
  /** Everything else: a status, a body `accepts` refused, or a network error. */
  readonly failures: { id: string; what: string }[]
}

export interface Stream {
  /** Stops sending and resolves once every request sent has been answered (or failed). */
  stop(): Promise<Tally>
}

/**
 * Sends `send(id)` at a steady rate (one every `intervalMs`, never waiting for
 * answers) until stopped; ids are `${name}.${n}`. Bounded: at most `maxRequests`.
 */
export function startStream(options: {
  name: string
  intervalMs: number
  maxRequests: number
  send: (id: string) => Promise<SignedResponse>
  accepts: (reply: SignedResponse) => boolean
}): Stream {
  const acceptedIds: string[] = []
  const failures: { id: string; what: string }[] = []
  const late: string[] = []
  const pending: Promise<void>[] = []
  const tick = () => {
    if (pending.length >= options.maxRequests) return clearInterval(timer)
    const id = `${options.name}.${pending.length}`
    pending.push(
      options.send(id).then(
        (reply) => {
          if (reply.status === 200 && options.accepts(reply)) acceptedIds.push(id)
          else if (reply.status === 200 && reply.body === '') late.push(id)
          else failures.push({ id, what: `${reply.status} ${reply.body.slice(0, 120)}` })
        },
        (error: Error) => void failures.push({ id, what: `${error.message} ${String(error.cause ?? '')}` }),
      ),
    )
  }
  const timer = setInterval(tick, options.intervalMs)
  return {
    async stop() {
      clearInterval(timer)
      await Promise.all(pending)
      return { sent: pending.length, ok: acceptedIds.length, acceptedIds, late, failures }
    },
  }
}
