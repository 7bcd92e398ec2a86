import { escapeText, quantity } from '../format.js'

/** The slash command, as the manifest declares it. */
export const COMMAND = '/inventory'

/** Every error reply starts with this, so scripts (`npm run say`) can tell errors from answers. */
export const ERROR_MARK = ':warning:'

export const code = (text: string) => `\`${text}\``
export const NOTHING_CHANGED = 'Nothing was changed.'
export const itemName = (item: { sku: string; name: string }) => `${item.sku} ${escapeText(item.name)}`
export const plural = (n: number, word: string) => `${quantity(n)} ${word}${n === 1 ? '' : 's'}`
