import {
  clearAlert,
  lockAlertState,
  markOrdered,
  raiseAlert,
  removeAlertRoute,
  routeFor,
  setAlertRoute,
  snoozeAlert,
} from '../db/repositories/alerts.js'
import type { Item } from '../db/repositories/items.js'
import { totalOnHand } from '../db/repositories/stock.js'
import { RefusedError } from '../errors.js'
import type { ChangeAction } from './actions.js'
import { type ChangeContext, requireItem, requireLocation } from './context.js'
import type { AlertNotice, ChangeResult } from './results.js'

type Act<V extends ChangeAction['verb']> = Extract<ChangeAction, { verb: V }>

/**
 * After a change to an item: when it is now at or below its reorder point and
 * was not already alerted (or a snooze has ended), mark it alerted and return
 * the alert to post; when it is back above, re-arm it. The item's alert row is
 * locked, so concurrent changes raise one alert. No route, no alert (and no
 * state change: the first change after a channel is set will alert).
 */
export async function evaluateAlert(
  c: ChangeContext,
  item: Item,
  locations: readonly string[],
): Promise<AlertNotice | undefined> {
  const alert = await lockAlertState(c.tx, c.teamId, item.id)
  const onHand = await totalOnHand(c.tx, item.id)
  const low = item.reorderPoint > 0 && onHand <= item.reorderPoint && !item.archived
  if (!low) {
    if (alert.state === 'alerted') await clearAlert(c.tx, item.id)
    return undefined
  }
  const notice = (route: { channelId: string; setBy: string }): AlertNotice => ({
    sku: item.sku,
    name: item.name,
    onHand,
    reorderPoint: item.reorderPoint,
    channelId: route.channelId,
    setBy: route.setBy,
  })
  // Still low and already alerted: nothing new, unless its message never got out (then post it now).
  if (alert.state === 'alerted' && !alert.reminderDue) return alert.unposted && notice(alert.unposted)
  const route = await routeFor(c.tx, c.teamId, locations)
  if (!route) return undefined
  await raiseAlert(c.tx, item.id, route)
  return notice(route)
}

/** `alerts #channel [for LOC]`: anyone may route alerts; the bot then checks it can post there. */
export async function setAlerts(c: ChangeContext, a: Act<'alerts.set'>): Promise<ChangeResult> {
  const location = a.location === undefined ? undefined : await requireLocation(c, a.location)
  await setAlertRoute(c.tx, {
    teamId: c.teamId,
    locationId: location?.id ?? null,
    channelId: a.channel,
    setBy: c.userId,
  })
  return { kind: 'alert-route', channelId: a.channel, ...(location ? { location: location.code } : {}) }
}

export async function alertsOff(c: ChangeContext, a: Act<'alerts.off'>): Promise<ChangeResult> {
  const location = a.location === undefined ? undefined : await requireLocation(c, a.location)
  await removeAlertRoute(c.tx, c.teamId, location?.id ?? null)
  return { kind: 'alert-route', ...(location ? { location: location.code } : {}) }
}

/** Snooze 1 day / Already ordered, from an alert's buttons. */
export async function alertState(
  c: ChangeContext,
  a: Act<'alert.snooze' | 'alert.ordered'>,
): Promise<ChangeResult> {
  const item = await requireItem(c, a.sku)
  const alert = await lockAlertState(c.tx, c.teamId, item.id)
  if (alert.state !== 'alerted') throw new RefusedError('ALERT_CLEARED', { sku: item.sku })
  const summary = {
    sku: item.sku,
    name: item.name,
    onHand: await totalOnHand(c.tx, item.id),
    reorderPoint: item.reorderPoint,
  }
  if (a.verb === 'alert.snooze') {
    const until = await snoozeAlert(c.tx, item.id, 'day')
    return { kind: 'alert-state', change: 'snoozed', item: summary, until }
  }
  await markOrdered(c.tx, item.id, c.userId)
  return { kind: 'alert-state', change: 'ordered', item: summary }
}
