import { readdir, readFile } from 'node:fs/promises'

/** Linux's USER_HZ: /proc reports CPU time in ticks of 10 ms. */
const TICK_MS = 10

/** CPU time (user + system) a process has used so far, in ms. */
export async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may contain spaces), counted from field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS
}

/** CPU time used so far by every PostgreSQL server process on this machine, in ms. */
export async function postgresCpuMs(): Promise<number> {
  let total = 0
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const comm = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '')
    if (comm.trim() === 'postgres') total += await processCpuMs(Number(entry)).catch(() => 0)
  }
  return total
}

/** The whole machine's busy and total CPU time so far, in ms (from /proc/stat). */
export async function machineCpuMs(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? ''
  const ticks = line.split(/\s+/).slice(1, 9).map(Number)
  const total = ticks.reduce((a, b) => a + b, 0)
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0)
  return { busy: (total - idle) * TICK_MS, total: total * TICK_MS }
}

/** Measures what `work` costs: the bot's CPU, the database's CPU, and how busy the machine was. */
export async function measureCpu<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; botMs: number; postgresMs: number; machineBusy: number }> {
  const [bot0, pg0, m0] = await Promise.all([processCpuMs(pid), postgresCpuMs(), machineCpuMs()])
  const result = await work()
  const [bot1, pg1, m1] = await Promise.all([processCpuMs(pid), postgresCpuMs(), machineCpuMs()])
  return {
    result,
    botMs: bot1 - bot0,
    postgresMs: pg1 - pg0,
    machineBusy: (m1.busy - m0.busy) / Math.max(1, m1.total - m0.total),
  }
}
