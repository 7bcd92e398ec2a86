import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import cliProgress from 'cli-progress'
import { config as loadDotenv } from 'dotenv'
import { ConfigError, loadConfig } from '../config.js'
import { openDatabase } from '../db/database.js'
import { applyImport, checkImportFile, IMPORT_COLUMNS } from '../inventory/import.js'
import { createLogger } from '../logger.js'

const USAGE = `usage: npm run import -- FILE.csv --team T0123ABC [--user U0123ABC]
columns: ${IMPORT_COLUMNS.join(',')} (sku and name required; location defaults to main, quantity to 0)`

/**
 * `npm run import -- FILE.csv --team T…`: bulk set-up from a CSV file (slash
 * commands carry no files). Every line is checked first and every bad line
 * reported; then all of it is applied in one transaction, or nothing.
 */
async function main(args: string[]): Promise<number> {
  loadDotenv({ quiet: true })
  const option = (name: string) =>
    args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined
  const file = args.find((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--'))
  const teamId = option('team')
  const actor = option('user') ?? 'import'
  if (!file || !teamId || !/^[TE][A-Z0-9]+$/.test(teamId)) {
    console.error(USAGE)
    return 1
  }
  const { text, rows, errors } = checkImportFile(await readFile(file))
  if (errors.length) {
    console.error(`${file}: ${errors.length} problem${errors.length === 1 ? '' : 's'}, nothing was imported:`)
    for (const error of errors) console.error(`  ${error}`)
    return 1
  }
  const config = loadConfig(process.env)
  const db = await openDatabase(config, createLogger(process.env.LOG_LEVEL ?? 'warn'), {
    applicationName: 'inventory-import',
  })
  try {
    const progress = progressBar(rows.length)
    const report = await applyImport(
      db.pool,
      {
        teamId,
        actor,
        filename: basename(file),
        fileHash: createHash('sha256').update(text).digest('hex').slice(0, 32),
        onProgress: progress.update,
      },
      rows,
    )
    progress.done()
    console.log(
      report.alreadyImported
        ? `${file} was imported before: nothing was changed.`
        : `Imported ${rows.length} line${rows.length === 1 ? '' : 's'} into ${teamId}: ${report.items} new items, ${report.locations} new locations, ${report.receipts} receipts.`,
    )
    return 0
  } finally {
    await db.close()
  }
}

/** A progress bar on stderr, for files long enough to wait for. */
function progressBar(total: number) {
  if (total < 200) return { update: () => undefined, done: () => undefined }
  const bar = new cliProgress.SingleBar(
    {
      format: '[{bar}] {percentage}% {value}/{total} lines',
      stream: process.stderr,
      // Also when stderr is a file or a pipe (CI logs): then one line per update, at most every 2 s.
      noTTYOutput: true,
    },
    cliProgress.Presets.legacy,
  )
  bar.start(total, 0)
  return { update: (done: number) => bar.update(done), done: () => bar.stop() }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(
      error instanceof ConfigError
        ? error.message
        : `Import failed, nothing was imported: ${error?.message ?? error}`,
    )
    process.exit(1)
  },
)
