import { readdir, readFile } from 'node:fs/promises'
import pg from 'pg'

/** Linux's USER_HZ: /proc reports CPU time in ticks of 10 ms. */
const TICK_MS = 10

/** CPU time (user + system) a process has used so far, in ms. */
export async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may contain spaces), counted from field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS
}

/** The PostgreSQL backends serving database `name` (the machine's other databases are not ours to count). */
export async function backendsOf(url: string, name: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    )
    return rows.map((r) => r.pid)
  } finally {
    await client.end()
  }
}

/** CPU time used so far by these processes, in ms (a process that has exited counts as 0). */
export async function processesCpuMs(pids: readonly number[]): Promise<Map<number, number>> {
  return new Map(
    await Promise.all(pids.map(async (pid) => [pid, await processCpuMs(pid).catch(() => 0)] as const)),
  )
}

/** Processes whose command name is `name` (RabbitMQ's Erlang VM is `beam.smp`). */
export async function pidsNamed(name: string): Promise<number[]> {
  const pids: number[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const comm = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '')
    if (comm.trim() === name) pids.push(Number(entry))
  }
  return pids
}

/** The whole machine's busy and total CPU time so far, in ms (from /proc/stat). */
export async function machineCpuMs(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? ''
  const ticks = line.split(/\s+/).slice(1, 9).map(Number)
  const total = ticks.reduce((a, b) => a + b, 0)
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0)
  return { busy: (total - idle) * TICK_MS, total: total * TICK_MS }
}

/**
 * Measures what `work` costs: the bot's CPU, the CPU of the PostgreSQL backends
 * serving database `database` (at `url`), and how busy the whole machine was.
 */
export async function measureCpu<T>(
  pid: number,
  database: { url: string; name: string },
  work: () => Promise<T>,
): Promise<{ result: T; botMs: number; postgresMs: number; machineBusy: number }> {
  const backends0 = await backendsOf(database.url, database.name)
  const [bot0, pg0, m0] = await Promise.all([processCpuMs(pid), processesCpuMs(backends0), machineCpuMs()])
  const result = await work()
  const backends = [...new Set([...backends0, ...(await backendsOf(database.url, database.name))])]
  const [bot1, pg1, m1] = await Promise.all([processCpuMs(pid), processesCpuMs(backends), machineCpuMs()])
  const postgresMs = backends.reduce((sum, b) => sum + (pg1.get(b) ?? 0) - (pg0.get(b) ?? 0), 0)
  return {
    result,
    botMs: bot1 - bot0,
    postgresMs,
    machineBusy: (m1.busy - m0.busy) / Math.max(1, m1.total - m0.total),
  }
}

/** CPU (ms) each group of processes uses while `work` runs; a process that appears meanwhile counts from 0. */
export async function groupsCpu<T>(
  groups: Record<string, () => Promise<number[]>>,
  work: () => Promise<T>,
): Promise<{ result: T; cpuMs: Record<string, number>; machineBusy: number }> {
  const names = Object.keys(groups)
  const before = await Promise.all(
    names.map(async (n) => processesCpuMs(await (groups[n] as () => Promise<number[]>)())),
  )
  const m0 = await machineCpuMs()
  const result = await work()
  const m1 = await machineCpuMs()
  const cpuMs: Record<string, number> = {}
  for (const [i, n] of names.entries()) {
    const after = await processesCpuMs(await (groups[n] as () => Promise<number[]>)())
    cpuMs[n] = [...after].reduce(
      (sum, [pid, ms]) => sum + ms - ((before[i] as Map<number, number>).get(pid) ?? 0),
      0,
    )
  }
  return { result, cpuMs, machineBusy: (m1.busy - m0.busy) / Math.max(1, m1.total - m0.total) }
}
