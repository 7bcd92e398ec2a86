import { describe, expect, it } from 'vitest'
import { importCycles, type SourceFile, sourceFiles } from '../helpers/source.js'

const src = sourceFiles('src')
const under = (folder: string) => src.filter((f) => f.path.startsWith(`${folder}/`))
const importsOf = (files: readonly SourceFile[], folder: string) =>
  files.flatMap((f) =>
    f.imports.filter((i) => i.path.startsWith(`${folder}/`)).map((i) => ({ from: f.path, ...i })),
  )

describe('the structure of src/', () => {
  it('finds a cycle when there is one (the check itself)', () => {
    const a = { path: 'src/a.ts', text: '', imports: [{ path: 'src/b.ts', type: true }] }
    const b = { path: 'src/b.ts', text: '', imports: [{ path: 'src/a.ts', type: false }] }
    expect(importCycles([a, b])).toEqual([['src/a.ts', 'src/b.ts']])
    expect(importCycles([a])).toEqual([])
  })

  it('has no import cycle, type-only imports included', () => {
    expect(src.length).toBeGreaterThan(50)
    expect(importCycles(src)).toEqual([])
  })

  it('keeps Slack out of queue/: at most the Deliverer type, no Block Kit, wording, responder or Web API', () => {
    const slack = importsOf(under('src/queue'), 'src/slack').filter(
      (i) => !(i.type && i.path === 'src/slack/delivery.ts'),
    )
    expect(slack).toEqual([])
  })

  it('keeps SQL in src/db: no query calls and no SQL text anywhere else', () => {
    const sql =
      /\.query\s*[<(]|['"`]\s*(SELECT|INSERT INTO|UPDATE|DELETE FROM|WITH|SAVEPOINT|BEGIN|COMMIT|ROLLBACK)\b/
    expect(sql.test("await tx.query('SELECT 1')")).toBe(true)
    const outside = src.filter((f) => !f.path.startsWith('src/db/') && sql.test(f.text)).map((f) => f.path)
    expect(outside).toEqual([])
  })

  it('opens transactions only through withTransaction (the migration runner keeps one session for its lock)', () => {
    const control = /['"`]\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT)\b/
    const files = src
      .filter((f) => control.test(f.text))
      .map((f) => f.path)
      .sort()
    expect(files).toEqual(['src/db/migrate.ts', 'src/db/transaction.ts'])
  })

  it('registers listeners in one place per kind: every app.command/action/view/event line in its index.ts', () => {
    const registration = /\bapp\.(command|action|view|event|shortcut|options|message)\(/
    const files = src
      .filter((f) => registration.test(f.text))
      .map((f) => f.path)
      .sort()
    expect(files).toEqual([
      'src/slack/listeners/actions/index.ts',
      'src/slack/listeners/commands/index.ts',
      'src/slack/listeners/events/index.ts',
      'src/slack/listeners/views/index.ts',
    ])
  })

  it('keeps the inventory free of transport: nothing in inventory/ imports Slack, HTTP or the queue', () => {
    const inventory = under('src/inventory')
    const transport = ['src/slack', 'src/http', 'src/queue'].flatMap((folder) => importsOf(inventory, folder))
    expect(transport).toEqual([])
  })
})
