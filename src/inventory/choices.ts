import type pg from 'pg'
import { findChoice, saveChoice } from '../db/repositories/choices.js'
import type { Tx } from '../db/transaction.js'
import type { ErrorCode, ErrorDetails } from '../errors.js'
import { withRetry } from '../resilience/retry.js'
import { ChangeAction, type ChangeCommand } from './commands.js'
import type { ChooseResult, Outcome } from './results.js'

/** How long a question can be answered: an hour, as a confirmation. */
export const QUESTION_TTL_SECONDS = 3600

type Pick = Extract<ChangeAction, { verb: 'change.choose' }>
const refused = (code: ErrorCode, details: ErrorDetails = {}): Outcome => ({ ok: false, code, details })

/**
 * The change a pick on "Which one?" runs: the change the question kept, with
 * the pick where it asked, under the question's own request key `choose:<id>`
 * (so a double click, a Slack retry or a second pick applies nothing more), or
 * why nothing runs: a question that is gone or over an hour old, someone
 * else's, or a pick it never offered.
 */
export async function pickedChange(
  pool: pg.Pool,
  command: ChangeCommand & { action: Pick },
): Promise<ChangeCommand | Outcome> {
  const { question, pick } = command.action
  const choice = await withRetry('postgres', () =>
    findChoice(pool, command.teamId, question, QUESTION_TTL_SECONDS),
  )
  if (!choice || choice.expired) return refused('QUESTION_CLOSED')
  if (choice.userId !== command.userId) return refused('NOT_YOURS', { user: choice.userId })
  const action = ChangeAction.safeParse({ ...(choice.command as object), [choice.field]: pick })
  if (!choice.options.includes(pick) || !action.success || action.data.verb === 'change.choose')
    return refused('MALFORMED_REQUEST')
  return { ...command, requestKey: `choose:${choice.id}`, action: action.data }
}

/** Keeps the question a rarer change asked (inventory_attempt keeps a stock change's), so its buttons can answer it. */
export async function keepQuestion(
  c: { tx: Tx; teamId: string; userId: string },
  action: ChangeAction,
  choice: ChooseResult,
): Promise<ChooseResult> {
  const options =
    choice.field === 'sku' ? choice.options.map((o) => o.sku) : choice.options.map((o) => o.code)
  const question = await saveChoice(c.tx, {
    teamId: c.teamId,
    userId: c.userId,
    command: action,
    field: choice.field,
    options,
  })
  return { ...choice, question }
}
