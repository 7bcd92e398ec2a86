import { RefusedError } from '../errors.js'
import type { AdminAction, Command } from '../inventory/actions.js'
import type { Outcome } from '../inventory/results.js'
import type { DeadLetters } from './dead-letters.js'

/**
 * `/inventory dlq [list | show ID | replay ID | drop ID]`: the operators' tool,
 * for admins, limited to their own workspace.
 */
export async function answerDlq(
  deadLetters: DeadLetters | undefined,
  command: Command,
  action: AdminAction,
  admins: ReadonlySet<string>,
): Promise<Outcome> {
  try {
    if (!admins.has(command.userId)) throw new RefusedError('NOT_ALLOWED')
    if (!deadLetters) throw new RefusedError('QUEUE_MODE_OFF')
    const team = command.teamId
    const id = action.id ?? 0
    switch (action.op) {
      case 'list':
        return { ok: true, result: { kind: 'dead-letters', letters: await deadLetters.list(team) } }
      case 'show':
        return { ok: true, result: { kind: 'dead-letter', letter: await deadLetters.show(id, team) } }
      case 'replay':
        return {
          ok: true,
          result: {
            kind: 'dead-letter-resolved',
            letter: await deadLetters.replay(id, command.userId, team),
          },
        }
      case 'drop':
        return {
          ok: true,
          result: { kind: 'dead-letter-resolved', letter: await deadLetters.drop(id, command.userId, team) },
        }
    }
  } catch (error) {
    if (error instanceof RefusedError) return { ok: false, code: error.code, details: error.details }
    throw error
  }
}
