import type { ChooseResult } from '../../inventory/results.js'
import { choiceLabel, chooseHint, chooseText } from '../wording/index.js'
import { ACTIONS } from './ids.js'
import { actions, type Block, context, type SlackMessage, section } from './kit.js'

/**
 * "Which one?", for the asker only: nothing was done. One button per option
 * (`SKU — name — available at LOC`), each in its own row: a change's pick
 * answers the question it kept, a read's runs the read with the item picked.
 */
export function chooseMessage(c: ChooseResult): SlackMessage {
  const text = chooseText(c)
  const keys = c.field === 'sku' ? c.options.map((o) => o.sku) : c.options.map((o) => o.code)
  const { question, read } = c
  const buttons: Block[] = c.options.flatMap((option, i) => {
    const key = keys[i] as string
    const label = choiceLabel(option, c.at)
    if (question) return [actions([{ text: label, actionId: ACTIONS.choose, value: `${question}:${key}` }])]
    if (read)
      return [
        actions([
          { text: label, actionId: ACTIONS.chooseRead, value: JSON.stringify({ ...read, sku: key }) },
        ]),
      ]
    return []
  })
  return { response_type: 'ephemeral', text, blocks: [section(text), ...buttons, context(chooseHint(c))] }
}
