import { COMMAND, code } from './common.js'

/**
 * Syntax and one example per verb, said the way people say it (items by name, the
 * quantity first); `help` lists them all. In a syntax, ITEM stands for an item's
 * SKU, name or a clear part of it, and LOC for a location's code or name.
 */
export const USAGE: Readonly<Record<string, { syntax: string; example: string; about: string }>> = {
  stock: {
    syntax: 'stock ITEM',
    example: 'stock blue widget',
    about: 'on hand, reserved and available, per location',
  },
  receive: {
    syntax: 'receive QTY ITEM [at LOC] [for REQ-n] [note…]',
    example: 'receive 50 blue widgets at shelf-2 PO 4471',
    about: 'stock arrives',
  },
  issue: {
    syntax: 'issue QTY ITEM [from LOC] [for R-n] [note…]',
    example: 'issue 3 blue widgets from main for R-7',
    about: 'stock leaves',
  },
  move: {
    syntax: 'move QTY ITEM from LOC to LOC [note…]',
    example: 'move 10 blue widgets from main to shelf-2',
    about: 'transfer between locations',
  },
  count: {
    syntax: 'count QTY ITEM [at LOC] [note…]',
    example: 'count 42 blue widgets at main',
    about: 'stocktake: set what was counted',
  },
  reserve: {
    syntax: 'reserve QTY ITEM [at LOC] [for REF…]',
    example: 'reserve 5 blue widgets for job 118',
    about: 'hold stock for someone',
  },
  release: { syntax: 'release R-n', example: 'release R-7', about: 'give a reservation back' },
  reservations: {
    syntax: 'reservations [ITEM]',
    example: 'reservations blue widget',
    about: 'open reservations',
  },
  undo: { syntax: 'undo MOVEMENT', example: 'undo #123', about: 'reverse one of your movements' },
  find: { syntax: 'find TEXT', example: 'find widgit', about: 'search items (typos welcome)' },
  low: { syntax: 'low', example: 'low', about: 'items at or below their reorder point' },
  history: {
    syntax: 'history ITEM [N]',
    example: 'history blue widget 20',
    about: 'the last N movements (default 10)',
  },
  new: {
    syntax: 'new [SKU NAME… [min N]]',
    example: 'new WIDGET Blue widget min 10',
    about: 'create an item (without arguments: a form)',
  },
  item: {
    syntax: 'item ITEM min N | rename NAME… | archive | restore',
    example: 'item blue widget min 20',
    about: 'change the reorder point, rename, archive',
  },
  location: {
    syntax: 'location new CODE [NAME…]',
    example: 'location new shelf-2 Shelf 2',
    about: 'create a location',
  },
  locations: { syntax: 'locations', example: 'locations', about: 'list locations' },
  help: { syntax: 'help', example: 'help', about: 'this list' },
  orders: { syntax: 'orders', example: 'orders', about: 'open reorder requests' },
  alerts: {
    syntax: 'alerts #channel [for LOC] | alerts off [for LOC]',
    example: 'alerts #warehouse for shelf-2',
    about: 'where low-stock alerts go',
  },
  settings: {
    syntax: 'settings [confirm-above N | default-role viewer|clerk]',
    example: 'settings confirm-above 50',
    about: 'managers: ask before changes above N units; admins: the role of everyone without one',
  },
  export: {
    syntax: 'export [history ITEM | audit]',
    example: 'export history blue widget',
    about: 'a CSV of current stock, of one item’s ledger (managers), or of the audit trail (admins)',
  },
  roles: { syntax: 'roles', example: 'roles', about: 'admins: who has which role, and where' },
  role: {
    syntax: 'role @user viewer|clerk|manager|admin [at LOC,…] | role @user none',
    example: 'role @ana clerk at north,south',
    about: 'admins: grant a role, limited to locations if you like; none takes it away',
  },
  audit: {
    syntax: 'audit [@user | ITEM | denials] [N]',
    example: 'audit denials 10',
    about: 'admins: the last N grants, setting changes, archives, dead-letter actions and denials',
  },
  dlq: {
    syntax: 'dlq [list | show ID | replay ID | drop ID]',
    example: 'dlq show 12',
    about: 'admins: commands that could not be applied (queue mode)',
  },
}

export const usageLine = (verb: string) => {
  const usage = USAGE[verb] ?? USAGE.help
  return usage
    ? `Usage: ${code(`${COMMAND} ${usage.syntax}`)}, e.g. ${code(`${COMMAND} ${usage.example}`)}`
    : ''
}

/** Every verb, the way people say it first, then its full form. */
export const helpText = () =>
  [
    `*${COMMAND}* — inventory from Slack. Name an item (ITEM) by its SKU, its name or a clear part of it, and a location (LOC) by its code or name; the quantity may come first (${code(`${COMMAND} issue 3 blue widgets from shelf b`)}). Quote names with numbers or keywords in them: ${code(`${COMMAND} issue "m3 bolt" 20`)}. When a name fits several, I ask which one.`,
  ]
    .concat(
      Object.values(USAGE).map(
        (u) => `• ${code(`${COMMAND} ${u.example}`)} — ${u.about} · ${code(`${COMMAND} ${u.syntax}`)}`,
      ),
    )
    .join('\n')
