import type { Channel } from 'amqplib'

/** The queues of one deployment, named from AMQP_PREFIX. */
export interface Topology {
  /** Where accepted changes wait for a worker. */
  readonly commands: string
  /** One delay queue per retry tier: a message waits its TTL there, then returns to `commands`. */
  readonly retries: readonly { readonly name: string; readonly delayMs: number }[]
  /** Jobs that could not be applied, with their error; a worker records them in Postgres. */
  readonly dead: string
  readonly maxDeliveries: number
}

export function topologyFor(
  prefix: string,
  retryDelaysMs: readonly number[],
  maxDeliveries: number,
): Topology {
  return {
    commands: `${prefix}.commands`,
    retries: retryDelaysMs.map((delayMs) => ({ name: `${prefix}.retry.${delayMs}ms`, delayMs })),
    dead: `${prefix}.dead`,
    maxDeliveries,
  }
}

/**
 * Declares every queue, so a fresh broker needs no set-up. Durable quorum
 * queues (replicated, with a delivery limit that stops a crash-looping job);
 * messages leaving a delay queue are dead-lettered at-least-once back to `commands`.
 * A queue that already exists with other arguments makes this fail: change names, not arguments.
 */
export async function declareTopology(channel: Channel, t: Topology): Promise<void> {
  await channel.assertQueue(t.dead, { durable: true, arguments: { 'x-queue-type': 'quorum' } })
  await channel.assertQueue(t.commands, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      // A job that kills its worker is never handled by our code: the broker dead-letters it.
      'x-delivery-limit': t.maxDeliveries + 2,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': t.dead,
    },
  })
  for (const retry of t.retries) {
    await channel.assertQueue(retry.name, {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-message-ttl': retry.delayMs,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': t.commands,
        'x-dead-letter-strategy': 'at-least-once',
        'x-overflow': 'reject-publish',
      },
    })
  }
}
