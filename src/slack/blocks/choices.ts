import type { ChooseResult } from '../../inventory/results.js'
import { chooseHint, chooseText } from '../wording/index.js'
import { context, type SlackMessage, section } from './kit.js'

/** "Which one?": for the asker only; nothing was done. */
export function chooseMessage(c: ChooseResult): SlackMessage {
  const text = chooseText(c)
  return { response_type: 'ephemeral', text, blocks: [section(text), context(chooseHint(c))] }
}
