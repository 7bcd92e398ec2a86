import {
  lockAlertState,
  markOrdered,
  removeAlertRoute,
  setAlertRoute,
  snoozeAlert,
} from '../db/repositories/alerts.js'
import { totalOnHand } from '../db/repositories/stock.js'
import { RefusedError } from '../errors.js'
import type { ChangeAction } from './commands.js'
import { audit, type ChangeContext, requireItem, requireNamedLocation } from './context.js'
import type { ChangeResult } from './results.js'

type Act<V extends ChangeAction['verb']> = Extract<ChangeAction, { verb: V }>

/** `alerts #channel [for LOC]` (managers): where alerts go; the bot then checks it can post there. */
export async function setAlerts(c: ChangeContext, a: Act<'alerts.set'>): Promise<ChangeResult> {
  const location = a.location === undefined ? undefined : await requireNamedLocation(c, a.location)
  await setAlertRoute(c.tx, {
    teamId: c.teamId,
    locationId: location?.id ?? null,
    channelId: a.channel,
    setBy: c.userId,
  })
  await audit(c, {
    action: 'settings.alerts',
    after: { channel: a.channel, ...(location ? { location: location.code } : {}) },
  })
  return { kind: 'alert-route', channelId: a.channel, ...(location ? { location: location.code } : {}) }
}

export async function alertsOff(c: ChangeContext, a: Act<'alerts.off'>): Promise<ChangeResult> {
  const location = a.location === undefined ? undefined : await requireNamedLocation(c, a.location)
  await removeAlertRoute(c.tx, c.teamId, location?.id ?? null)
  await audit(c, {
    action: 'settings.alerts',
    after: { channel: null, ...(location ? { location: location.code } : {}) },
  })
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
    onHand: await totalOnHand(c.tx, c.teamId, item.id),
    reorderPoint: item.reorderPoint,
  }
  if (a.verb === 'alert.snooze') {
    const until = await snoozeAlert(c.tx, c.teamId, item.id, 'day')
    return { kind: 'alert-state', change: 'snoozed', item: summary, until }
  }
  await markOrdered(c.tx, c.teamId, item.id, c.userId)
  return { kind: 'alert-state', change: 'ordered', item: summary }
}
