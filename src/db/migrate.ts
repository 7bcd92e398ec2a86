import { readdir, readFile } from 'node:fs/promises'
import type pg from 'pg'
import type { Logger } from '../logger.js'

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url)
/** Any fixed number works; it only has to be the same for every instance. */
const MIGRATION_LOCK_ID = 7_349_110_001

export interface Migration {
  readonly id: string
  readonly sql: string
}

/** The numbered `.sql` files, in order. */
export async function loadMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort()
  return Promise.all(
    files.map(async (file) => ({
      id: file.replace(/\.sql$/, ''),
      sql: await readFile(new URL(file, dir), 'utf8'),
    })),
  )
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory
 * lock so that ten instances starting together migrate once. Returns the ids applied.
 */
export async function migrate(pool: pg.Pool, logger: Logger, migrations?: Migration[]): Promise<string[]> {
  const pending = migrations ?? (await loadMigrations())
  const client = await pool.connect()
  try {
    await client.query('SET statement_timeout = 0')
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID])
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`)
    const done = new Set(
      (await client.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id),
    )
    const applied: string[] = []
    for (const migration of pending.filter((m) => !done.has(m.id))) {
      await client.query('BEGIN')
      try {
        await client.query(migration.sql)
        await client.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw new Error(`migration ${migration.id} failed: ${(error as Error).message}`, { cause: error })
      }
      logger.info({ migration: migration.id }, 'migration applied')
      applied.push(migration.id)
    }
    return applied
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined)
    client.release()
  }
}
