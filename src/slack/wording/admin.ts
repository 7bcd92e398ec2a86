import type { AdminResult, DeadLetter } from '../../inventory/results.js'
import { escapeText } from '../format.js'
import { COMMAND, code } from './common.js'

/** The message admins get when a job is dead-lettered. */
export function deadLetterNotice(d: {
  id: number
  teamId: string
  reason: string
  deliveries: number
}): string {
  return `:rotating_light: Dead letter ${d.id} (workspace ${d.teamId}) after ${d.deliveries} attempt${d.deliveries === 1 ? '' : 's'}: ${escapeText(d.reason.slice(0, 300))}. Inspect it with ${code(`${COMMAND} dlq show ${d.id}`)} or \`npm run dlq -- show ${d.id}\`.`
}

/** What an empty dead-letter list says, in Slack and in `npm run dlq -- list`. */
export const NO_DEAD_LETTERS = 'No dead letters.'

/** One dead letter in a list: id, workspace, reason, deliveries, age. */
export function deadLetterLine(d: DeadLetter, nowMs: number): string {
  return `${d.id}  ${d.teamId ?? '-'}  ${d.reason.slice(0, 80)}  ${d.deliveries} deliveries  ${age(nowMs - Date.parse(d.createdAt))}`
}

export function adminText(result: AdminResult, nowMs: number): string {
  switch (result.kind) {
    case 'dead-letters':
      return result.letters.length
        ? [
            `${result.letters.length} dead letter${result.letters.length === 1 ? '' : 's'}:`,
            ...result.letters.map((d) => escapeText(deadLetterLine(d, nowMs))),
          ].join('\n')
        : NO_DEAD_LETTERS
    case 'dead-letter': {
      const d = result.letter
      return [
        `Dead letter ${d.id} (${d.status}) · workspace ${d.teamId ?? 'unknown'} · ${d.deliveries} deliveries · ${age(nowMs - Date.parse(d.createdAt))} ago`,
        `Reason: ${escapeText(d.reason)}`,
        `\`\`\`${escapeText(d.payload.slice(0, 2500))}\`\`\``,
      ].join('\n')
    }
    case 'dead-letter-resolved':
      return result.letter.status === 'replayed'
        ? `Dead letter ${result.letter.id} replayed: it is queued again (if it had been applied, nothing changes twice).`
        : `Dead letter ${result.letter.id} dropped.`
  }
}

/** `42s`, `7m`, `3h`, `2d`. */
export function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m`
  if (s < 86_400) return `${Math.floor(s / 3600)}h`
  return `${Math.floor(s / 86_400)}d`
}
