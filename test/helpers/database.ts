import pg from 'pg'
import { migrate } from '../../src/db/migrate.js'
import { createLogger } from '../../src/logger.js'

/** The server tests run against; each test file gets its own database on it. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const PREFIX = 'inventory_test_'

export function databaseUrl(name: string): string {
  const url = new URL(TEST_SERVER_URL)
  url.pathname = `/${name}`
  return url.toString()
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL, connectionTimeoutMillis: 5_000 })
  try {
    await client.connect()
  } catch (cause) {
    throw new Error(
      `Tests need PostgreSQL at ${TEST_SERVER_URL} (set TEST_DATABASE_URL). Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
      { cause },
    )
  }
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** Creates the migrated template that every test database is cloned from (run once per test run). */
export async function createTemplate(): Promise<string> {
  const name = `${PREFIX}template_${process.pid}`
  await withAdmin(async (admin) => {
    await dropStale(admin)
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${name}`)
  })
  const pool = new pg.Pool({ connectionString: databaseUrl(name), max: 1 })
  try {
    await migrate(pool, createLogger('silent'))
  } finally {
    await pool.end()
  }
  return name
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
}

/** Databases left behind by test runs that were killed (their pid is gone). */
async function dropStale(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [`${PREFIX}%`],
  )
  for (const { datname } of rows) {
    const pid = Number(datname.match(/_(\d+)(?:_|$)/)?.[1])
    if (pid && !isAlive(pid)) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`)
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

export interface TestDatabase {
  readonly name: string
  readonly url: string
  readonly pool: pg.Pool
  drop(): Promise<void>
}

/** A fresh, migrated database for one test file (a clone of the template: fast). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.INVENTORY_TEST_TEMPLATE
  if (!template)
    throw new Error('the test template database is missing: run the tests through vitest (globalSetup)')
  const name = `${PREFIX}${process.ppid}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`))
  const url = databaseUrl(name)
  const pool = new pg.Pool({ connectionString: url, max: 4 })
  // Dropping the database terminates idle connections; that is expected, not a test failure.
  pool.on('error', () => {})
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end()
      await dropDatabase(name)
    },
  }
}

/** Runs one statement on its own connection (servers the tests start themselves). */
export async function queryOnce(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => {})
  await client.connect()
  try {
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}
