import type { ItemUnnamed, LocationNamed } from '../db/repositories/names.js'
import { RefusedError } from '../errors.js'
import type { ChooseResult } from './results.js'

/**
 * Thrown where a reference named several items or locations: the change (or
 * read) answers with `choice`, "Which one?", and nothing is done until the
 * person picks one. Not an AppError: it is an answer, not a failure.
 */
export class Ambiguous extends Error {
  constructor(readonly choice: ChooseResult) {
    super(`which one: ${choice.field} "${choice.given}"`)
    this.name = 'Ambiguous'
  }
}

/**
 * The closest names, as a refusal carries them (details are flat): one
 * `KEY<TAB>name` per line, the same as `inventory_closest` writes (migration 0012).
 */
export const closestText = (closest: readonly { key: string; name: string }[]) =>
  closest.map((c) => `${c.key}\t${c.name}`).join('\n')

/** What a reference named when it named one item; otherwise asks (Ambiguous) or refuses UNKNOWN_ITEM. */
export function onlyItem<T extends object>(found: T | ItemUnnamed): T {
  if (!('given' in found)) return found
  if ('options' in found)
    throw new Ambiguous({ kind: 'choose', field: 'sku', given: found.given, options: found.options })
  throw new RefusedError('UNKNOWN_ITEM', {
    sku: found.given,
    closest: closestText(found.closest.map((c) => ({ key: c.sku, name: c.name }))),
  })
}

/** The location a reference named when it named one; otherwise asks (Ambiguous) or refuses UNKNOWN_LOCATION. */
export function onlyLocation(found: LocationNamed) {
  if ('location' in found) return found.location
  if ('options' in found)
    throw new Ambiguous({ kind: 'choose', field: 'location', given: found.given, options: found.options })
  throw new RefusedError('UNKNOWN_LOCATION', {
    location: found.given,
    closest: closestText(found.closest.map((c) => ({ key: c.code, name: c.name }))),
  })
}
