/** One word of a command, or a quoted phrase taken whole. */
export interface Token {
  /** The word, or the phrase inside the quotes (spaces collapsed). */
  readonly text: string
  /** As typed (quotes kept), for free text such as a note. */
  readonly raw: string
  /** A quoted phrase is never a keyword or a quantity. */
  readonly quoted: boolean
}

/** Straight quotes, and the curly ones Slack's clients type for them. */
const OPENING = new Set(['"', '“', '”', '„'])
const CLOSING = new Set(['"', '”', '“'])

/**
 * Splits command text into words, keeping a quoted phrase (`"m3 bolt"`,
 * `“blue widget”`) as one token. A quote opens a phrase only at the start of a
 * word and closes it only at the end of one, so `6"` and unbalanced quotes stay
 * plain text, as they were before quotes meant anything.
 */
export function tokenize(text: string): Token[] {
  const words = text.trim().split(/\s+/).filter(Boolean)
  const tokens: Token[] = []
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as string
    const close = OPENING.has(word[0] ?? '') ? closingWord(words, i) : -1
    if (close < 0) {
      tokens.push({ text: word, raw: word, quoted: false })
      continue
    }
    const raw = words.slice(i, close + 1).join(' ')
    const inner = raw.slice(1, -1).trim()
    if (inner) tokens.push({ text: inner, raw, quoted: true })
    else tokens.push({ text: raw, raw, quoted: false })
    i = close
  }
  return tokens
}

/** The index of the word that closes the phrase opened at `start`, or -1. */
function closingWord(words: readonly string[], start: number): number {
  for (let j = start; j < words.length; j += 1) {
    const word = words[j] as string
    const last = word[word.length - 1] ?? ''
    if (CLOSING.has(last) && (j > start || word.length > 1)) return j
  }
  return -1
}
