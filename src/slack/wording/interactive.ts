/** Button labels, modal titles and field labels, App Home headings. */

export const BUTTONS = {
  receive: 'Receive',
  issue: 'Issue',
  move: 'Move',
  reserve: 'Reserve',
  history: 'History',
  undo: 'Undo',
  confirm: 'Confirm',
  cancel: 'Cancel',
  reorder: 'Reorder',
  snooze: 'Snooze 1 day',
  ordered: 'Already ordered',
  approve: 'Approve',
  reject: 'Reject',
  release: 'Release',
  more: 'More',
} as const

/** Modal titles (Slack allows 24 characters) and submit labels, per verb. */
export const MODALS = {
  receive: { title: 'Receive stock', submit: 'Receive' },
  issue: { title: 'Issue stock', submit: 'Issue' },
  move: { title: 'Move stock', submit: 'Move' },
  reserve: { title: 'Reserve stock', submit: 'Reserve' },
  newItem: { title: 'New item', submit: 'Create' },
  reorder: { title: 'Reorder', submit: 'Request' },
  close: 'Cancel',
} as const

export const FIELDS = {
  location: 'Location',
  from: 'From',
  to: 'To',
  quantity: 'Quantity',
  note: 'Note',
  ref: 'For (who or what)',
  sku: 'SKU',
  name: 'Name',
  unit: 'Unit (pcs, m, kg…)',
  reorderPoint: 'Reorder point (alert at or below)',
  reorderQuantity: 'Reorder quantity',
  supplier: 'Supplier',
} as const

/** Field errors shown inside a modal (`response_action: errors`). */
export const FIELD_ERRORS = {
  quantity: 'Enter a whole number from 1 to 1,000,000,000.',
  minimum: 'Enter a whole number from 0 to 1,000,000,000.',
  sku: 'Use letters, digits, . - _ or /, at most 40 characters.',
  skuTaken: 'That SKU already exists.',
  location: 'Pick a location.',
  sameLocation: 'Pick a different location than “From”.',
  unknownItem: 'This item no longer exists.',
  archived: 'This item is archived.',
  available: (available: number, location: string) =>
    `Only ${available.toLocaleString('en-US')} available at ${location}.`,
} as const

export const HOME = {
  title: 'Inventory',
  low: 'Low stock',
  lowEmpty: 'Nothing is at or below its reorder point.',
  requests: 'Open reorder requests',
  requestsEmpty: 'No open reorder requests.',
  reservations: 'Your reservations',
  reservationsEmpty: 'You hold no reservations.',
  movements: 'Your last movements',
  movementsEmpty: 'You have not moved any stock yet.',
  hint: 'Say it your way in any channel, like `/inventory issue 3 blue widgets from shelf b`; `/inventory help` lists every command.',
} as const

export const CARD_HINT = 'Buttons open a form; the channel sees the result.'
