import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedPostgres } from '../../src/db/embedded.js'
import { loadMigrations, migrate } from '../../src/db/migrate.js'
import { createLogger } from '../../src/logger.js'
import { queryOnce } from '../helpers/database.js'
import { freePort } from '../helpers/processes.js'

const logger = createLogger('silent')
let home: string
let dataRoot: string
let port: number

beforeAll(async () => {
  // A private home (0700) like /root: the server's own user must still reach the data inside it.
  home = await mkdtemp(join(tmpdir(), 'inventory-home-'))
  await chmod(home, 0o700)
  dataRoot = join(home, 'project', '.data')
  await mkdir(join(home, 'project'))
  port = await freePort()
})
afterAll(async () => {
  // A failed test may leave its server running: stop it before removing its data.
  const pid = Number(
    (await readFile(join(dataRoot, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0],
  )
  if (pid)
    await new Promise((resolve) => {
      try {
        process.kill(pid, 'SIGINT')
      } catch {}
      setTimeout(resolve, 1_000)
    })
  await rm(home, { recursive: true, force: true })
})

describe('the embedded PostgreSQL (DATABASE_URL unset)', () => {
  it('initialises once, serves real SQL, and keeps its data across restarts', async () => {
    const first = await startEmbeddedPostgres({ dataRoot, port, logger })
    await queryOnce(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)')
    await first.stop()

    const second = await startEmbeddedPostgres({ dataRoot, port, logger })
    expect(await queryOnce(second.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }])
    expect(
      await queryOnce(second.url, "SELECT name FROM pg_available_extensions WHERE name = 'pg_trgm'"),
    ).toHaveLength(1)
    await second.stop()
  }, 120_000)

  it('starts after a crash left a stale postmaster.pid behind', async () => {
    await writeFile(join(dataRoot, 'postgres', 'postmaster.pid'), '999999\n/nowhere\n')
    const server = await startEmbeddedPostgres({ dataRoot, port, logger })
    expect(await queryOnce(server.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }])
    await server.stop()
  }, 120_000)

  it('reuses a server orphaned by a bot that died, instead of failing on the port', async () => {
    const orphan = await startEmbeddedPostgres({ dataRoot, port, logger })
    const again = await startEmbeddedPostgres({ dataRoot, port, logger })
    expect(await queryOnce(again.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }])
    await again.stop() // not its server: a no-op
    expect(await queryOnce(orphan.url, 'SELECT 1 AS up')).toEqual([{ up: 1 }])
    await orphan.stop()
  }, 120_000)

  it('runs every migration (the same SQL on PostgreSQL 18 as on 15)', async () => {
    const server = await startEmbeddedPostgres({ dataRoot, port, logger })
    const pool = new pg.Pool({ connectionString: server.url })
    // The server's "terminating connection" may reach a client still closing as it stops: not a failure.
    pool.on('error', () => {})
    try {
      const applied = await migrate(pool, logger)
      expect(applied).toEqual((await loadMigrations()).map((m) => m.id))
      const [version] = await queryOnce(server.url, 'SHOW server_version_num')
      expect(Number(version?.server_version_num)).toBeGreaterThanOrEqual(180000)
    } finally {
      await pool.end()
      await server.stop()
    }
  }, 120_000)

  it('keeps a generated password beside the data, readable only by its owner', async () => {
    const password = await readFile(join(dataRoot, 'password'), 'utf8')
    expect(password.trim().length).toBeGreaterThanOrEqual(20)
  })
})
