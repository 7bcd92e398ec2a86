import type { ChooseResult, ItemChoice, LocationChoice } from '../../inventory/results.js'
import { escapeText, quantity } from '../format.js'
import { COMMAND, code, NOTHING_CHANGED, plural } from './common.js'

/** One `KEY<TAB>name` per line (how a refusal carries the closest names) → `KEY name, KEY name`. */
export function closestNames(lines: string | number | undefined): string | undefined {
  const names = String(lines ?? '')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [key = '', name = ''] = line.split('\t')
      return `${key} ${escapeText(name)}`
    })
  return names.length ? names.join(', ') : undefined
}

const isItem = (c: ChooseResult): c is ChooseResult & { field: 'sku' } => c.field === 'sku'

/** What is available, and where, for one option. */
const availability = (available: number | undefined, at: string | undefined) =>
  available === undefined ? undefined : `${quantity(available)} available${at ? ` at ${at}` : ''}`

/** A button's label: `SKU — name — N available at LOC` (Slack cuts labels at 75 characters: the name gives way). */
export function choiceLabel(option: ItemChoice | LocationChoice, at: string | undefined): string {
  const key = 'sku' in option ? option.sku : option.code
  const tail = availability(option.available, 'sku' in option ? at : undefined)
  const room = 75 - key.length - (tail ? tail.length + 3 : 0) - 3
  const name = option.name.length > room ? `${option.name.slice(0, Math.max(room - 1, 1))}…` : option.name
  return [key, name, tail].filter(Boolean).join(' — ')
}

/** "Which one?" as text: the words given, every option, and that nothing happens until one is picked. */
export function chooseText(c: ChooseResult): string {
  const thing = isItem(c) ? 'item' : 'location'
  const options = (c.options as readonly (ItemChoice | LocationChoice)[]).map((o) => {
    const key = 'sku' in o ? o.sku : code(o.code)
    const where = availability(o.available, 'sku' in o ? c.at : undefined)
    return `${key} ${escapeText(o.name)}${where ? ` (${where})` : ''}`
  })
  const asked = c.read ? '' : ` ${NOTHING_CHANGED}`
  // One option: the words fit it without clearly naming it, or it is the only one of several the
  // person may use. Still asked, never assumed.
  if (options.length === 1) return `Is this the one? “${escapeText(c.given)}”: ${options[0]}.${asked}`
  return `Which one? “${escapeText(c.given)}” names ${plural(c.options.length, thing)}: ${options.join(', ')}.${asked}`
}

/** Under the question: how to answer it. */
export const chooseHint = (c: ChooseResult) =>
  c.question
    ? 'Only you see this. Pick one and it runs, once; nothing changes until you do.'
    : c.read
      ? 'Only you see this. Pick one to see it.'
      : `Run the command again with the ${c.field === 'sku' ? 'SKU' : 'location code'} you mean.`

/** How to create an item or location nobody has yet. */
export const createItemHint = (given: string) =>
  /^[A-Z0-9][A-Z0-9._\-/]{0,39}$/.test(given)
    ? code(`${COMMAND} new ${given} NAME`)
    : code(`${COMMAND} new SKU ${escapeText(given)}`)
export const createLocationHint = (given: string) =>
  /^[a-z0-9][a-z0-9._-]{0,29}$/.test(given)
    ? code(`${COMMAND} location new ${given}`)
    : code(`${COMMAND} location new CODE ${escapeText(given)}`)
