import type { types } from '@slack/bolt'

export type Block = types.KnownBlock

/** A message as Slack takes it in an ack body, on a response_url, or (minus response_type) via chat.postMessage. */
export interface SlackMessage {
  readonly response_type?: 'ephemeral' | 'in_channel'
  readonly replace_original?: boolean
  readonly delete_original?: boolean
  readonly text: string
  readonly blocks?: readonly Block[]
}

/** Slack's structural limits, checked by the builders' tests. */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  privateMetadata: 3000,
  modalTitle: 24,
  selectOptions: 100,
} as const

export const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } })
export const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] })
export const divider = (): Block => ({ type: 'divider' })
export const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: text.slice(0, LIMITS.headerText), emoji: true },
})

export interface ButtonSpec {
  readonly text: string
  readonly actionId: string
  readonly value: string
  readonly style?: 'primary' | 'danger'
}

export const button = (b: ButtonSpec) => ({
  type: 'button' as const,
  text: { type: 'plain_text' as const, text: b.text.slice(0, LIMITS.buttonText), emoji: true },
  action_id: b.actionId,
  value: b.value.slice(0, LIMITS.buttonValue),
  ...(b.style ? { style: b.style } : {}),
})

/** A row of buttons (Slack: at most 25 per block; action_ids unique within the block). */
export const actions = (buttons: readonly ButtonSpec[], blockId?: string): Block => ({
  type: 'actions',
  ...(blockId ? { block_id: blockId } : {}),
  elements: buttons.slice(0, 25).map(button),
})

/** A section with one button on its right. */
export const sectionWithButton = (text: string, b: ButtonSpec): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: text.slice(0, LIMITS.sectionText) },
  accessory: button(b),
})

/** Groups lines into as few sections as fit Slack's 3,000-character section limit. */
export function sections(lines: readonly string[]): Block[] {
  const groups: string[] = []
  for (const line of lines) {
    const clipped = line.slice(0, LIMITS.sectionText)
    const last = groups.length - 1
    const candidate = last >= 0 ? `${groups[last]}\n${clipped}` : undefined
    if (candidate !== undefined && candidate.length <= LIMITS.sectionText) groups[last] = candidate
    else groups.push(clipped)
  }
  return groups.map(section)
}
