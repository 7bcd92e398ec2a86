import type pg from 'pg'
import { evaluateAlert } from '../db/repositories/alerts.js'
import { applyChange } from '../db/repositories/changes.js'
import { findItem } from '../db/repositories/items.js'
import { findLocation } from '../db/repositories/locations.js'
import { importedBefore } from '../db/repositories/movements.js'
import { lockItemBalances } from '../db/repositories/stock.js'
import { ensureWorkspace } from '../db/repositories/workspaces.js'
import { withTransaction } from '../db/transaction.js'
import { RefusedError } from '../errors.js'
import { newItem, newLocation } from './catalog.js'
import { LOCATION_PATTERN, MAX_QUANTITY, SKU_PATTERN } from './commands.js'
import type { ChangeContext } from './context.js'
import { decodeText, readCsv } from './csv.js'

/** One valid line of an import file. */
export interface ImportRow {
  readonly line: number
  readonly sku: string
  readonly name: string
  readonly unit?: string
  readonly reorderPoint?: number
  readonly reorderQuantity?: number
  readonly location: string
  readonly quantity: number
}

export const IMPORT_COLUMNS = [
  'sku',
  'name',
  'unit',
  'reorder_point',
  'reorder_quantity',
  'location',
  'quantity',
] as const

/**
 * Checks every line (header first: `sku,name` required, the rest optional)
 * and reports each problem with its line number: `lines[i]` is where
 * `table[i]` starts in the file (default: the i-th line). Pure: nothing is read or written.
 */
export function validateImport(
  table: readonly (readonly string[])[],
  lines: readonly number[] = table.map((_, i) => i + 1),
): {
  rows: ImportRow[]
  errors: string[]
} {
  const [header = [], ...records] = table
  const columns = header.map((h) => h.trim().toLowerCase())
  const unknown = columns.filter((c) => !(IMPORT_COLUMNS as readonly string[]).includes(c))
  const missing = ['sku', 'name'].filter((c) => !columns.includes(c))
  if (unknown.length || missing.length)
    return {
      rows: [],
      errors: [
        `line ${lines[0] ?? 1}: the header must name the columns ${IMPORT_COLUMNS.join(', ')} (sku and name required)${missing.length ? `; missing ${missing.join(', ')}` : ''}${unknown.length ? `; unknown ${unknown.join(', ')}` : ''}`,
      ],
    }
  const rows: ImportRow[] = []
  const errors: string[] = []
  const names = new Map<string, string>()
  records.forEach((cells, index) => {
    const line = lines[index + 1] ?? index + 2
    const get = (column: string) => cells[columns.indexOf(column)]?.trim() ?? ''
    const problems: string[] = []
    const whole = (column: string, min: number) => {
      const text = get(column)
      if (text === '') return undefined
      const value = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN
      if (!(value >= min && value <= MAX_QUANTITY))
        problems.push(`${column}: must be a whole number from ${min} to 1,000,000,000`)
      return value
    }
    const sku = get('sku').toUpperCase()
    const name = get('name')
    const location = (get('location') || 'main').toLowerCase()
    const unit = get('unit')
    if (!SKU_PATTERN.test(sku)) problems.push('sku: letters, digits, . - _ or /, at most 40 characters')
    if (!name || name.length > 200) problems.push('name: required, at most 200 characters')
    if (unit.length > 20) problems.push('unit: at most 20 characters')
    if (!LOCATION_PATTERN.test(location))
      problems.push('location: letters, digits, . - or _, at most 30 characters')
    const reorderPoint = whole('reorder_point', 0)
    const reorderQuantity = whole('reorder_quantity', 1)
    const quantity = whole('quantity', 0) ?? 0
    if (names.has(sku) && names.get(sku) !== name)
      problems.push(`name: ${sku} is named “${names.get(sku)}” on an earlier line`)
    names.set(sku, name)
    if (problems.length) errors.push(...problems.map((p) => `line ${line}: ${p}`))
    else
      rows.push({
        line,
        sku,
        name,
        location,
        quantity,
        ...(unit ? { unit } : {}),
        ...(reorderPoint !== undefined ? { reorderPoint } : {}),
        ...(reorderQuantity !== undefined ? { reorderQuantity } : {}),
      })
  })
  return { rows, errors }
}

/**
 * Reads an import file as spreadsheets write it (see `decodeText`, `readCsv`)
 * and checks every line: the problems of the file and of its lines together,
 * in line order. Pure.
 */
export function checkImportFile(bytes: Uint8Array): { text: string; rows: ImportRow[]; errors: string[] } {
  const decoded = decodeText(bytes)
  if ('error' in decoded) return { text: '', rows: [], errors: [decoded.error] }
  const { records, errors } = readCsv(decoded.text)
  const checked = validateImport(
    records.map((r) => r.cells),
    records.map((r) => r.line),
  )
  return {
    text: decoded.text,
    rows: checked.rows,
    errors: [...errors, ...checked.errors].sort((a, b) => lineOf(a) - lineOf(b)),
  }
}

const lineOf = (message: string) => Number(message.match(/^line (\d+)/)?.[1] ?? 0)

export interface ImportReport {
  readonly alreadyImported: boolean
  readonly items: number
  readonly locations: number
  readonly receipts: number
}

/**
 * Applies valid rows in one transaction, all or nothing: new items and
 * locations are created, quantities received as movements by `actor`. The
 * file's hash is its request key, so importing the same file twice applies it once.
 *
 * Lock order as everywhere: the balances it will touch first (sorted). Each
 * receipt is the same `inventory_apply` as a `receive` command, inside this
 * transaction. A deadlock with a concurrent change (both creating the same new
 * balance) is retried, whole.
 */
export async function applyImport(
  pool: pg.Pool,
  options: {
    teamId: string
    actor: string
    fileHash: string
    filename: string
    onProgress?: (done: number) => void
  },
  rows: readonly ImportRow[],
): Promise<ImportReport> {
  const key = `import:${options.fileHash}`
  return withTransaction(
    pool,
    async (tx) => {
      await ensureWorkspace(tx, options.teamId, undefined)
      if (await importedBefore(tx, options.teamId, key))
        return { alreadyImported: true, items: 0, locations: 0, receipts: 0 }
      await lockItemBalances(tx, options.teamId, [...new Set(rows.map((r) => r.sku))])
      const c = (line: number): ChangeContext => ({
        tx,
        teamId: options.teamId,
        userId: options.actor,
        requestKey: `${key}:${line}`,
        // Whoever runs the import on the server is an operator: an admin, like ADMIN_USERS.
        access: { role: 'admin', source: 'break-glass' },
        breakGlass: new Set([options.actor]),
      })
      const report = { alreadyImported: false, items: 0, locations: 0, receipts: 0 }
      for (const [index, row] of rows.entries()) {
        if (!(await findItem(tx, options.teamId, row.sku))) {
          await newItem(c(row.line), { verb: 'new', ...row })
          report.items += 1
        }
        if (!(await findLocation(tx, options.teamId, row.location))) {
          await newLocation(c(row.line), { verb: 'location.new', code: row.location })
          report.locations += 1
        }
        if (row.quantity > 0) {
          const note = `import ${options.filename} line ${row.line}`
          const { requestKey, userId } = c(row.line)
          const outcome = await applyChange(tx, {
            teamId: options.teamId,
            userId,
            requestKey,
            isAdmin: true,
            action: { verb: 'receive', sku: row.sku, quantity: row.quantity, location: row.location, note },
          })
          if (!outcome.ok) throw new RefusedError(outcome.code, outcome.details)
          report.receipts += 1
        }
        options.onProgress?.(index + 1)
      }
      // Restocked items are re-armed; items left low are marked, and alert with their next change.
      for (const sku of new Set(rows.map((r) => r.sku))) {
        const item = await findItem(tx, options.teamId, sku)
        if (item && item.reorderPoint > 0) await evaluateAlert(tx, options.teamId, item.id)
      }
      return report
    },
    // A long import may take more than the usual retry budget: attempts, not time, bound it.
    { retry: { attempts: 3, baseMs: 200, capMs: 2_000 } },
  )
}
