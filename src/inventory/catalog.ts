import { evaluateAlert } from '../db/repositories/alerts.js'
import { type Item, insertItem, updateItem } from '../db/repositories/items.js'
import { insertLocation } from '../db/repositories/locations.js'
import type { ChangeAction } from './commands.js'
import { audit, type ChangeContext, requireNamedItem } from './context.js'
import type { ItemResult, LocationResult } from './results.js'

type Act<V extends ChangeAction['verb']> = Extract<ChangeAction, { verb: V }>

const itemResult = (change: ItemResult['change'], item: Item): ItemResult => ({
  kind: 'item',
  change,
  item: { sku: item.sku, name: item.name, reorderPoint: item.reorderPoint },
})

export async function newItem(c: ChangeContext, a: Act<'new'>): Promise<ItemResult> {
  const item = await insertItem(c.tx, {
    teamId: c.teamId,
    sku: a.sku,
    name: a.name,
    reorderPoint: a.reorderPoint ?? 0,
    reorderQuantity: a.reorderQuantity,
    unit: a.unit,
    createdBy: c.userId,
  })
  return itemResult('created', item)
}

export async function editItem(
  c: ChangeContext,
  a: Act<'item.min' | 'item.rename' | 'item.archive' | 'item.restore'>,
): Promise<ItemResult> {
  const item = await requireNamedItem(c, a.sku)
  switch (a.verb) {
    case 'item.min': {
      // A reorder point at or above what is on hand alerts now; 0 clears the item's alert.
      const result = itemResult(
        'min',
        await updateItem(c.tx, c.teamId, item.id, { reorderPoint: a.reorderPoint }),
      )
      const alert = await evaluateAlert(c.tx, c.teamId, item.id)
      return alert ? { ...result, alert } : result
    }
    case 'item.rename':
      return itemResult('renamed', await updateItem(c.tx, c.teamId, item.id, { name: a.name }))
    case 'item.archive':
    case 'item.restore': {
      const archived = a.verb === 'item.archive'
      const updated = await updateItem(c.tx, c.teamId, item.id, { archived })
      await audit(c, {
        action: a.verb,
        subject: item.sku,
        before: { archived: item.archived },
        after: { archived },
      })
      return itemResult(archived ? 'archived' : 'restored', updated)
    }
  }
}

export async function newLocation(c: ChangeContext, a: Act<'location.new'>): Promise<LocationResult> {
  const location = await insertLocation(c.tx, c.teamId, a.code, a.name ?? a.code)
  return { kind: 'location', code: location.code, name: location.name }
}
