import type pg from 'pg'
import {
  type AlertClaim,
  claimAlertPost,
  claimDueAlertPost,
  type DueAlertPost,
  recordAlertPost,
  releaseAlertPost,
} from '../db/repositories/alerts.js'
import { firstDelivery, forgetDelivery, opensHome, recordHomeOpened } from '../db/repositories/events.js'
import { setReorderMessage } from '../db/repositories/reorders.js'
import { withRetry } from '../resilience/retry.js'

/**
 * What the Slack side remembers about its own messages and events, so that
 * each is posted or handled once and the right ones are refreshed: alert posts,
 * where a request's message landed, Events API ids, who opens the App Home.
 * Bookkeeping, not inventory: none of it changes stock or answers a command.
 */
export interface DeliveryRecords {
  /** Claims the right to post an item's pending alert: once per alert (a claim older than a minute is abandoned). */
  claimAlertPost(teamId: string, sku: string): Promise<AlertClaim | undefined>
  /** Claims the alert whose retry has been due longest (any workspace), for this process only. */
  claimDueAlertPost(): Promise<DueAlertPost | undefined>
  /** The claimed alert is done: posted (`ts`), or `not-posted` where the bot may not post. */
  alertPosted(claim: AlertClaim, ts: string): Promise<void>
  /**
   * A post that failed gives its claim back: the bots' timer tries again in
   * `retryInMs` (without it, it gave up), and so does the next change to the item.
   */
  alertPostFailed(claim: AlertClaim, retryInMs: number | undefined): Promise<void>
  /** Where a reorder request's message landed, so that approvals and receipts update it. */
  requestPosted(teamId: string, request: number, channelId: string, ts: string): Promise<void>
  /** False when this Events API event_id was already handled. */
  firstDelivery(eventId: string, teamId: string | undefined): Promise<boolean>
  forgetDelivery(eventId: string): Promise<void>
  /** Remembers who opens the App Home, so that only their Home is refreshed after their changes. */
  homeOpened(teamId: string, userId: string): Promise<void>
  opensHome(teamId: string, userId: string): Promise<boolean>
}

export function makeDeliveryRecords(pool: pg.Pool): DeliveryRecords {
  const retried = <T>(call: () => Promise<T>) => withRetry('postgres', call)
  return {
    claimAlertPost: (teamId, sku) => retried(() => claimAlertPost(pool, teamId, sku)),
    claimDueAlertPost: () => retried(() => claimDueAlertPost(pool)),
    alertPosted: (claim, ts) => retried(() => recordAlertPost(pool, claim, ts)),
    alertPostFailed: (claim, retryInMs) => retried(() => releaseAlertPost(pool, claim, retryInMs)),
    requestPosted: (teamId, request, channelId, ts) =>
      retried(() => setReorderMessage(pool, teamId, request, channelId, ts)),
    firstDelivery: (eventId, teamId) => retried(() => firstDelivery(pool, eventId, teamId)),
    forgetDelivery: (eventId) => retried(() => forgetDelivery(pool, eventId)),
    homeOpened: (teamId, userId) => retried(() => recordHomeOpened(pool, teamId, userId)),
    opensHome: (teamId, userId) => retried(() => opensHome(pool, teamId, userId)),
  }
}
