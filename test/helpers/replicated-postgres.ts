import { execFileSync, spawn } from 'node:child_process'
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { queryOnce } from './database.js'
import { freePort } from './processes.js'

export interface ReplicatedPostgres {
  readonly primaryUrl: string
  readonly replicaUrl: string
  /** Resolves once the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>
  stop(): Promise<void>
}

/** The machine's PostgreSQL server binaries (Debian: /usr/lib/postgresql/<major>/bin). */
function binDir(): string {
  const majors = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
  if (!majors[0]) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql')
  return `/usr/lib/postgresql/${majors[0]}/bin`
}

/**
 * A real primary and a streaming replica made with `pg_basebackup -R`, on two
 * free ports, in a temporary folder. Runs as the `postgres` user when root.
 */
export async function startReplicatedPostgres(): Promise<ReplicatedPostgres> {
  const bin = binDir()
  const root = mkdtempSync(join(tmpdir(), 'inventory-replica-'))
  const isRoot = process.getuid?.() === 0
  const uid = isRoot ? Number(execFileSync('id', ['-u', 'postgres']).toString()) : undefined
  const gid = isRoot ? Number(execFileSync('id', ['-g', 'postgres']).toString()) : undefined
  if (uid !== undefined && gid !== undefined) chownSync(root, uid, gid)
  const as = { uid, gid, stdio: 'ignore' as const }
  const primaryDir = join(root, 'primary')
  const replicaDir = join(root, 'replica')
  const [primaryPort, replicaPort] = [await freePort(), await freePort()]

  execFileSync(
    `${bin}/initdb`,
    ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '--no-locale', '-E', 'UTF8'],
    as,
  )
  const serverArgs = (dir: string, port: number) => [
    '-D',
    dir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'fsync=off',
  ]
  const primary = spawn(`${bin}/postgres`, serverArgs(primaryDir, primaryPort), as)
  const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`
  await waitForServer(primaryUrl)
  execFileSync(
    `${bin}/pg_basebackup`,
    ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream'],
    as,
  )
  const replica = spawn(`${bin}/postgres`, serverArgs(replicaDir, replicaPort), as)
  const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/postgres`
  await waitForServer(replicaUrl)

  return {
    primaryUrl,
    replicaUrl,
    async caughtUp() {
      const lsn = (await queryOnce(primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn'))[0]?.lsn
      for (let i = 0; i < 200; i++) {
        const [row] = await queryOnce(
          replicaUrl,
          `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS done`,
        )
        if (row?.done) return
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      throw new Error('the replica did not catch up')
    },
    async stop() {
      for (const server of [replica, primary]) {
        const exited = new Promise((resolve) => server.once('exit', resolve))
        server.kill('SIGINT')
        await exited
      }
      rmSync(root, { recursive: true, force: true })
    },
  }
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      await queryOnce(url, 'SELECT 1')
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  throw new Error(`PostgreSQL at ${url} did not start`)
}
