import type pg from 'pg'
import { claimAlertPost, recordAlertPost, releaseAlertPost } from '../db/repositories/alerts.js'
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
  /** Claims the right to post an item's pending alert: true once per alert (a claim older than a minute is abandoned). */
  claimAlertPost(teamId: string, sku: string): Promise<boolean>
  alertPosted(teamId: string, sku: string, ts: string): Promise<void>
  /** A post that failed gives its claim back, so that the next change to the item tries again. */
  alertPostFailed(teamId: string, sku: string): Promise<void>
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
    alertPosted: (teamId, sku, ts) => retried(() => recordAlertPost(pool, teamId, sku, ts)),
    alertPostFailed: (teamId, sku) => retried(() => releaseAlertPost(pool, teamId, sku)),
    requestPosted: (teamId, request, channelId, ts) =>
      retried(() => setReorderMessage(pool, teamId, request, channelId, ts)),
    firstDelivery: (eventId, teamId) => retried(() => firstDelivery(pool, eventId, teamId)),
    forgetDelivery: (eventId) => retried(() => forgetDelivery(pool, eventId)),
    homeOpened: (teamId, userId) => retried(() => recordHomeOpened(pool, teamId, userId)),
    opensHome: (teamId, userId) => retried(() => opensHome(pool, teamId, userId)),
  }
}
