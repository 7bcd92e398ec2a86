import pRetry from 'p-retry'
import { type Dependency, transientReason } from './transient.js'

/** How hard one call tries. Delays are full jitter: random(0, min(capMs, baseMs·2^n)). */
export interface RetryPolicy {
  /** Total attempts, the first included. */
  readonly attempts: number
  readonly baseMs: number
  readonly capMs: number
  /** Give up once this much time has passed since the first attempt, whatever is left. */
  readonly budgetMs?: number
}

/** Call-level retries: short, seconds at most. Job-level retries (queue redelivery) handle longer outages. */
export const CALL_POLICY: RetryPolicy = { attempts: 4, baseMs: 50, capMs: 1_000, budgetMs: 5_000 }

/** One attempt: for work with effects outside what a retry would repeat safely (a publish inside a transaction). */
export const NO_RETRY: RetryPolicy = { attempts: 1, baseMs: 0, capMs: 0 }

/** Observes retries (metrics, logs); the retry module itself has no other side effects. */
export type RetryObserver = (event: {
  dependency: Dependency
  attempt: number
  reason: string
  delayMs: number
}) => void

let observe: RetryObserver = () => {}

/** Installs the process-wide retry observer (metrics and logs, wired in the composition root). */
export function onRetry(observer: RetryObserver): void {
  observe = observer
}

export function fullJitterDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** attempt))
}

/**
 * Runs `call`, retrying only the failures the transient table lists (after a
 * full-jitter delay, or Slack's Retry-After when given). Anything else, and the
 * last failure, is rethrown as it was. Never nest: a retried call must not itself retry.
 */
export async function withRetry<T>(
  dependency: Dependency,
  call: (attempt: number) => Promise<T>,
  policy: RetryPolicy = CALL_POLICY,
): Promise<T> {
  const startedAt = Date.now()
  return pRetry(call, {
    retries: policy.attempts - 1,
    minTimeout: 0,
    maxTimeout: 0,
    randomize: false,
    shouldRetry: async ({ error, attemptNumber }) => {
      const transient = transientReason(error)
      if (!transient) return false
      const delayMs = Math.max(transient.retryAfterMs ?? 0, fullJitterDelayMs(attemptNumber - 1, policy))
      if (policy.budgetMs !== undefined && Date.now() - startedAt + delayMs > policy.budgetMs) return false
      observe({ dependency, attempt: attemptNumber, reason: transient.reason, delayMs })
      await sleep(delayMs)
      return true
    },
  })
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
