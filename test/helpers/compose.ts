import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Runs a command, resolving with its stdout; a failure carries the command's output. */
export async function sh(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<string> {
  try {
    const { stdout } = await run(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      maxBuffer: 64 * 1024 * 1024,
      timeout: options.timeoutMs ?? 600_000,
    })
    return stdout
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number | string }
    throw new Error(
      `${command} ${args.join(' ')} failed (${e.code}):\n${`${e.stdout ?? ''}${e.stderr ?? ''}`.slice(-4000)}`,
    )
  }
}

export const docker = (...args: string[]) => sh('docker', args)

/**
 * A Compose project laid out as a deploy host has it: a folder with a copy of
 * docker-compose.yml, docker/ (nginx.conf, deploy.sh) and its own .env, run
 * with COMPOSE_PROJECT_NAME=<project> (Compose v1, as installed by .ci/run).
 */
export interface ComposeProject {
  readonly dir: string
  readonly project: string
  /** The environment that selects this project: COMPOSE_PROJECT_NAME. */
  readonly env: Record<string, string>
  /** `docker-compose …` for this project, in its folder; `env` adds to the environment. */
  compose(args: readonly string[], env?: Record<string, string>): Promise<string>
  /** Container ids of a service (running ones, or all with `all`). */
  ids(service: string, options?: { all?: boolean }): Promise<string[]>
  /** Rows of a query run by psql inside the `db` container, tab-separated fields. */
  psql(sql: string): Promise<string[][]>
  /** `docker-compose down -v` and the folder removed. */
  destroy(): Promise<void>
}

/** Copies the deployment files into a fresh folder with `.env` built from `.env.example` plus `settings`. */
export async function createComposeProject(
  project: string,
  settings: Record<string, string>,
): Promise<ComposeProject> {
  const dir = await mkdtemp(join(tmpdir(), `${project}-`))
  await cp('docker-compose.yml', join(dir, 'docker-compose.yml'))
  await cp('docker', join(dir, 'docker'), { recursive: true })
  await writeFile(join(dir, '.env'), withSettings(await readFile('.env.example', 'utf8'), settings))

  const projectEnv = { COMPOSE_PROJECT_NAME: project }
  const compose = (args: readonly string[], env: Record<string, string> = {}) =>
    sh('docker-compose', args, { cwd: dir, env: { ...projectEnv, ...env } })
  // `docker`, not `docker-compose`, for what tests poll: a Go binary, not a Python one, each time.
  const ids = async (service: string, options: { all?: boolean } = {}) =>
    (
      await docker(
        'ps',
        '-q',
        '--no-trunc',
        ...(options.all ? ['-a'] : []),
        '--filter',
        `label=com.docker.compose.project=${project}`,
        '--filter',
        `label=com.docker.compose.service=${service}`,
      )
    )
      .split('\n')
      .filter(Boolean)
  let db: string | undefined
  return {
    dir,
    project,
    env: projectEnv,
    compose,
    ids,
    psql: async (sql) => {
      db ??= (await ids('db'))[0] ?? 'db-not-running'
      return (await docker('exec', db, 'psql', '-U', 'inventory', '-d', 'inventory', '-AtF', '\t', '-c', sql))
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('\t'))
    },
    destroy: async () => {
      await compose(['down', '-v', '--remove-orphans', '--timeout', '10'])
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** `.env.example` with each setting's line replaced (or appended), as a person filling it in would. */
function withSettings(example: string, settings: Record<string, string>): string {
  const lines = example.split('\n')
  for (const [key, value] of Object.entries(settings)) {
    const at = lines.findIndex((line) => line.startsWith(`${key}=`))
    if (at >= 0) lines[at] = `${key}=${value}`
    else lines.push(`${key}=${value}`)
  }
  return lines.join('\n')
}

/** Resources Docker still holds for a project (containers, volumes, networks), by Compose's label. */
export async function leftovers(project: string): Promise<string[]> {
  return (await Promise.all(KINDS.map((kind) => labelled(kind, project)))).flat()
}

/** Removes what an interrupted run of a project left (containers first: they hold the rest). */
export async function removeLeftovers(project: string): Promise<void> {
  for (const kind of KINDS) {
    const ids = await labelled(kind, project)
    if (ids.length) await docker(...(kind === 'container' ? ['rm', '-f'] : [kind, 'rm']), ...ids)
  }
}

const KINDS = ['container', 'volume', 'network'] as const
async function labelled(kind: (typeof KINDS)[number], project: string): Promise<string[]> {
  const list = await docker(
    kind,
    'ls',
    '-q',
    ...(kind === 'container' ? ['-a'] : []),
    '--filter',
    `label=com.docker.compose.project=${project}`,
  )
  return list.split('\n').filter(Boolean)
}
