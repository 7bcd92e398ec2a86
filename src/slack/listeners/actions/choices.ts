import { type Action, ReadAction } from '../../../inventory/commands.js'

/**
 * The buttons of "Which one?" (`blocks/choices.ts`). A pick for a change
 * carries `<question id>:<SKU or location code>` and is keyed by its question,
 * so that however often any of its buttons is clicked the change runs once; a
 * pick for a read carries the read itself. Both answer in place of the question.
 */
export const QUESTION = { kind: 'question' } as const

export function pickAction(value: string): Action {
  const colon = value.indexOf(':')
  return { verb: 'change.choose', question: value.slice(0, colon), pick: value.slice(colon + 1) }
}

export const questionKey = (value: string) => `choose:${value.slice(0, value.indexOf(':'))}`

/** A malformed value throws (JSON or schema): the error handler answers "nothing was changed". */
export const readAction = (value: string): Action => ReadAction.parse(JSON.parse(value))
