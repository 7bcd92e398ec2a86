import { z } from 'zod'
import { Command } from '../inventory/commands.js'
import type { Broker } from './broker.js'
import type { Topology } from './topology.js'

/** A job: the command, as accepted. Everything a worker needs to apply it and answer. */
export const Job = z.object({ version: z.literal(1), command: Command, acceptedAt: z.iso.datetime() })
export type Job = z.infer<typeof Job>

/** Headers a job carries between deliveries. */
export const HEADERS = {
  /** Failed attempts so far (each one counts towards MAX_DELIVERIES). */
  attempts: 'x-inventory-attempts',
  /** Waits caused by an unavailable dependency (these do not count). */
  outages: 'x-inventory-outages',
  /** On a dead letter: why, and a key that identifies this death. */
  reason: 'x-inventory-reason',
  deadId: 'x-inventory-dead-id',
} as const

/** A message body as a job, checked: the job, or why it is not one (a malformed job is dead-lettered at once). */
export function parseJob(content: Buffer): { success: true; job: Job } | { success: false; error: string } {
  try {
    const result = Job.safeParse(JSON.parse(content.toString('utf8')))
    return result.success
      ? { success: true, job: result.data }
      : { success: false, error: result.error.issues[0]?.message ?? 'invalid' }
  } catch {
    return { success: false, error: 'not JSON' }
  }
}

export function toJob(command: Command): Job {
  return { version: 1, command, acceptedAt: new Date().toISOString() }
}

/** The request key is the message id: a duplicate publish is recognisable, and harmless. */
export const jobProperties = (command: Command) => ({
  messageId: command.requestKey,
  correlationId: command.requestId,
})

export function publishJob(broker: Broker, topology: Topology, job: Job, timeoutMs: number): Promise<void> {
  return broker.publish(
    topology.commands,
    Buffer.from(JSON.stringify(job)),
    jobProperties(job.command),
    timeoutMs,
  )
}
