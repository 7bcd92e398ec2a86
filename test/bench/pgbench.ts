import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import pg from 'pg'

const run = promisify(execFile)
/** The scripts live next to this file's source (the build runs from the repository root). */
const SCRIPTS = 'test/bench/pgbench'

export interface PgbenchResult {
  readonly tps: number
  readonly latencyMs: number
}

/** Creates the reference tables (10,000 SKUs with plenty of stock) in the database at `url`. */
export async function preparePgbench(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(await readFile(`${SCRIPTS}/init.sql`, 'utf8'))
  } finally {
    await client.end()
  }
}

/**
 * pgbench running the minimal movement transaction (`movement.sql`) over
 * `items` SKUs: 8 clients, extended protocol, the same database server as the bot.
 */
export async function pgbench(url: string, items: number, seconds: number): Promise<PgbenchResult> {
  const { stdout } = await run(
    'pgbench',
    [
      '--no-vacuum',
      '--protocol=extended',
      '--client=8',
      '--jobs=2',
      `--time=${seconds}`,
      `--define=items=${items}`,
      `--file=${SCRIPTS}/movement.sql`,
      url,
    ],
    { maxBuffer: 1 << 20 },
  )
  const tps = Number(stdout.match(/tps = ([\d.]+)/)?.[1])
  const latencyMs = Number(stdout.match(/latency average = ([\d.]+) ms/)?.[1])
  if (!Number.isFinite(tps)) throw new Error(`could not read pgbench's output:\n${stdout}`)
  return { tps, latencyMs }
}
