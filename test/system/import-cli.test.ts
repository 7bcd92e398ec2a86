import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'
import { expectLedgerBalanced } from '../helpers/ledger.js'
import { runNode } from '../helpers/processes.js'

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase()
})
afterAll(() => db.drop())

async function runImport(name: string, csv: string, ...args: string[]) {
  const file = join(tmpdir(), `${process.pid}-${name}`)
  await writeFile(file, csv)
  const run = runNode('dist/cli/import.js', [file, ...args], { DATABASE_URL: db.url })
  return { code: await run.exited, output: run.output() }
}

describe('npm run import', () => {
  it('reports every bad line and imports nothing', async () => {
    const csv =
      'sku,name,quantity,location\nGOOD,Good part,5,main\nbad sku,Bad,1,main\nNEG,Negative,-4,main\nLOC,Location,1,sh!lf\n'
    const { code, output } = await runImport('bad.csv', csv, '--team', 'T0001')
    expect(code).toBe(1)
    expect(output).toContain('3 problems, nothing was imported')
    expect(output).toContain('line 3: sku:')
    expect(output).toContain('line 4: quantity: must be a whole number from 0')
    expect(output).toContain('line 5: location:')
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM items')
    expect(rows[0].n).toBe(0)
  })

  it('imports items, locations and quantities all at once, with a progress bar on long files', async () => {
    const lines = Array.from(
      { length: 250 },
      (_, i) => `PART-${i},"Part ${i}, bulk",pcs,2,10,${i % 2 ? 'bin-a' : 'main'},${i}`,
    )
    const csv = `sku,name,unit,reorder_point,reorder_quantity,location,quantity\n${lines.join('\n')}\n`
    const { code, output } = await runImport('good.csv', csv, '--team', 'T0001', '--user', 'U0IMPORT')
    expect(code).toBe(0)
    expect(output).toContain('Imported 250 lines into T0001: 250 new items, 1 new locations, 249 receipts.')
    expect(output).toContain('100% 250/250 lines')
    const { rows } = await db.pool.query(
      "SELECT name, unit, reorder_point::int FROM items WHERE sku = 'PART-7'",
    )
    expect(rows[0]).toEqual({ name: 'Part 7, bulk', unit: 'pcs', reorder_point: 2 })
    const moves = await db.pool.query("SELECT count(*)::int AS n FROM movements WHERE actor = 'U0IMPORT'")
    expect(moves.rows[0].n).toBe(249)
    await expectLedgerBalanced(db.pool)
  }, 60_000)

  it('imports the same file once', async () => {
    const lines = Array.from(
      { length: 250 },
      (_, i) => `PART-${i},"Part ${i}, bulk",pcs,2,10,${i % 2 ? 'bin-a' : 'main'},${i}`,
    )
    const csv = `sku,name,unit,reorder_point,reorder_quantity,location,quantity\n${lines.join('\n')}\n`
    const { code, output } = await runImport('again.csv', csv, '--team', 'T0001')
    expect(code).toBe(0)
    expect(output).toContain('was imported before: nothing was changed')
  }, 60_000)

  it.each([
    ['comma-utf8.csv', 'T0C1'],
    ['comma-utf8-bom-crlf.csv', 'T0C2'],
    ['semicolon-excel.csv', 'T0C3'],
    ['tab-utf16le.txt', 'T0C4'],
    ['tab-utf16be.txt', 'T0C5'],
    ['multiline-quoted.csv', 'T0C6'],
  ])('imports %s, a file as spreadsheets write it', async (name, team) => {
    const run = runNode('dist/cli/import.js', [`test/fixtures/import/${name}`, '--team', team], {
      DATABASE_URL: db.url,
    })
    expect({ code: await run.exited, output: run.output() }).toMatchObject({
      code: 0,
      output: expect.stringContaining('Imported 3 lines'),
    })
    const { rows } = await db.pool.query(
      `SELECT i.sku, sum(s.on_hand)::int AS on_hand FROM items i JOIN stock_levels s ON s.item_id = i.id
       WHERE i.team_id = $1 GROUP BY i.sku ORDER BY i.sku`,
      [team],
    )
    expect(rows.map((r) => `${r.sku} ${r.on_hand}`)).toEqual(
      name === 'multiline-quoted.csv'
        ? ['BOLT-M6 40', 'NUT-M6 25', 'PIPE 3']
        : ['BOLT-M6 40', 'NUT-M6 25', 'WASHER 100'],
    )
  })

  it.each([
    [
      'bad-lines.csv',
      '4 problems, nothing was imported',
      'line 8: a quoted field starts here and is never closed',
    ],
    ['windows-1252.csv', '1 problem, nothing was imported', 'line 3: not UTF-8 text'],
  ])('refuses %s, naming every bad line, and imports nothing', async (name, summary, last) => {
    const run = runNode('dist/cli/import.js', [`test/fixtures/import/${name}`, '--team', 'T0BAD'], {
      DATABASE_URL: db.url,
    })
    expect(await run.exited).toBe(1)
    expect(run.output()).toContain(summary)
    expect(run.output()).toContain(last)
    const { rows } = await db.pool.query("SELECT count(*)::int AS n FROM items WHERE team_id = 'T0BAD'")
    expect(rows[0].n).toBe(0)
  })

  it('explains its usage', async () => {
    const { code, output } = await runImport('x.csv', 'sku,name\n')
    expect(code).toBe(1)
    expect(output).toContain('usage: npm run import -- FILE.csv --team')
  })
})
