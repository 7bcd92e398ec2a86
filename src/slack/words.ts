import { InputError } from '../errors.js'
import {
  LOCATION_PATTERN,
  MAX_NAME_LENGTH,
  MAX_NOTE_LENGTH,
  MAX_QUANTITY,
  SKU_PATTERN,
} from '../inventory/commands.js'
import type { Token } from './tokens.js'

/** Words that end an item's name when they are not quoted: what follows is a location or a reference. */
const KEYWORDS: ReadonlySet<string> = new Set(['at', 'from', 'to', 'for'])
/** Words between a quantity and an item: `3 x widget`, `12 of widget`, `widget x 3`. */
const CONNECTORS: ReadonlySet<string> = new Set(['x', 'of'])
/** A quantity glued to `x`: `3x widget`. */
const TIMES = /^(\d+)x$/i
/**
 * A word of an unquoted item name: letters and digits in any script, and the
 * punctuation names use. Anything else (`W!`, a mention) needs quotes.
 */
const NAME_WORD = /^[\p{L}\p{M}\p{N}._\-/'’&+#(),:%°*]+$/u

const plain = (token: Token | undefined, words: ReadonlySet<string>) =>
  token !== undefined && !token.quoted && words.has(token.text.toLowerCase())
export const isKeyword = (token: Token | undefined) => plain(token, KEYWORDS)
const isQuantity = (token: Token | undefined) =>
  token !== undefined && !token.quoted && /^\d+$/.test(token.text)

/** The words of one command after its verb, read front to back by the parsers in `parse.ts`. */
export class Words {
  private index = 0
  constructor(
    readonly verb: string,
    private readonly tokens: readonly Token[],
  ) {}

  usage(): InputError {
    return new InputError('USAGE', { verb: this.verb })
  }
  peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset]
  }
  /** The next word, lower case, when it is not quoted. */
  peekWord(offset = 0): string | undefined {
    const token = this.peek(offset)
    return token && !token.quoted ? token.text.toLowerCase() : undefined
  }
  /** Consumes `keyword VALUE` when it comes next (keyword case-insensitive, never quoted). */
  option(...keywords: string[]): string | undefined {
    const word = this.peekWord()
    const value = this.peek(1)
    if (word === undefined || value === undefined || !keywords.includes(word)) return undefined
    this.index += 2
    return value.text
  }
  next(): string {
    const token = this.peek()
    if (token === undefined) throw this.usage()
    this.index += 1
    return token.text
  }
  /** A SKU as it is stored (upper case), for a new item. */
  sku(): string {
    const word = this.next()
    const upper = word.toUpperCase()
    if (!SKU_PATTERN.test(upper)) throw new InputError('BAD_SKU', { given: word })
    return upper
  }
  /**
   * `keyword PLACE` when it comes next: a location as the person named it, by
   * code, name or part of one. Unquoted, the words up to the next keyword,
   * quoted phrase or other text: the database takes the location from their
   * front (a first word that is a code is the location, as it always was) and
   * puts the words after it at the front of the note. Quoted, the phrase whole,
   * kept in its quotes to say so. A single code-shaped word is lower-cased.
   */
  place(...keywords: string[]): string | undefined {
    const word = this.peekWord()
    const first = this.peek(1)
    if (word === undefined || first === undefined || !keywords.includes(word)) return undefined
    this.index += 2
    if (first.quoted) return `"${first.text}"`
    if (!NAME_WORD.test(first.text)) throw new InputError('BAD_LOCATION_CODE', { given: first.text })
    const words = [first.text]
    for (let t = this.peek(); t && !t.quoted && !isKeyword(t) && NAME_WORD.test(t.text); t = this.peek()) {
      words.push(t.text)
      this.index += 1
    }
    const run = words.join(' ')
    if (run.length > MAX_NOTE_LENGTH)
      throw new InputError('USAGE', { verb: this.verb, tooLong: MAX_NOTE_LENGTH })
    return words.length === 1 && LOCATION_PATTERN.test(run.toLowerCase()) ? run.toLowerCase() : run
  }
  location(word: string): string {
    const code = word.toLowerCase()
    if (!LOCATION_PATTERN.test(code)) throw new InputError('BAD_LOCATION_CODE', { given: word })
    return code
  }
  quantity(options: { allowZero?: boolean } = {}): number {
    return checkedQuantity(this.next(), options)
  }

  /**
   * An item named by the words up to (not including) the first one after the
   * first that `stop` accepts (it sees that word and the next): a SKU (returned
   * upper case, as stored), or a name or part of one, as typed. A quoted phrase
   * is a whole name. The database resolves it.
   */
  item(stop: (token: Token, next: Token | undefined) => boolean): string {
    const first = this.peek()
    if (first === undefined) throw this.usage()
    if (first.quoted) {
      this.index += 1
      return within(this, first.text)
    }
    const words: string[] = []
    for (let token = this.peek(); token && !token.quoted; token = this.peek()) {
      if (words.length && stop(token, this.peek(1))) break
      if (!NAME_WORD.test(token.text)) throw new InputError('BAD_SKU', { given: token.text })
      words.push(token.text)
      this.index += 1
    }
    if (!words.length) throw this.usage()
    const [only] = words
    if (words.length === 1 && only && SKU_PATTERN.test(only.toUpperCase())) return only.toUpperCase()
    return within(this, words.join(' '))
  }

  /**
   * The item and the quantity of a stock change, in the orders people say
   * them: `ITEM QTY` (as always), `ITEM x QTY`, `QTY ITEM`, `QTY x ITEM`,
   * `QTY of ITEM`, `3x ITEM`. An item after its quantity runs until a keyword
   * (`at`, `from`, `to`, `for`) or the end; before it, until the quantity.
   * Two numbers in a row keep their old meaning: SKU, then quantity.
   */
  itemAndQuantity(options: { allowZero?: boolean } = {}): { item: string; quantity: number } {
    const first = this.peek()
    const second = this.peek(1)
    const opensWithQuantity = second !== undefined && !isQuantity(second) && !isKeyword(second)
    const glued = first && !first.quoted ? first.text.match(TIMES) : null
    if (opensWithQuantity && (isQuantity(first) || glued)) {
      this.index += 1
      const quantity = checkedQuantity(glued?.[1] ?? first?.text ?? '', options)
      if (!glued && plain(second, CONNECTORS)) this.index += 1
      return { item: this.item(isKeyword), quantity }
    }
    const start = this.index
    const item = this.item(
      (t, next) => isQuantity(t) || isKeyword(t) || (plain(t, CONNECTORS) && isQuantity(next)),
    )
    if (plain(this.peek(), CONNECTORS) && isQuantity(this.peek(1))) this.index += 1
    if (!isQuantity(this.peek()) && this.index - start > 1)
      // No quantity: as before names, the word after the SKU is the one that is not a quantity.
      throw new InputError('BAD_QUANTITY', quantityBounds(this.tokens[start + 1]?.text ?? '', options))
    return { item, quantity: this.quantity(options) }
  }

  /**
   * `[at PLACE] [for REF]`, in either order, where REF must match `ref` (otherwise
   * `for …` is left for the note): the location (see `place`) and the reference, as typed.
   */
  placeAndRef(locationKeywords: string[], ref: RegExp): { at?: string; ref?: string } {
    let at = this.place(...locationKeywords)
    const reference = ref.test(this.peek(1)?.text ?? '') ? this.option('for') : undefined
    at ??= this.place(...locationKeywords)
    return { ...(at !== undefined ? { at } : {}), ...(reference !== undefined ? { ref: reference } : {}) }
  }

  /** Everything left, as typed (undefined when nothing is left), at most `max` characters. */
  remainder(max: number = MAX_NOTE_LENGTH): string | undefined {
    const text = this.tokens
      .slice(this.index)
      .map((t) => t.raw)
      .join(' ')
    this.index = this.tokens.length
    if (text.length > max) throw new InputError('USAGE', { verb: this.verb, tooLong: max })
    return text || undefined
  }
  /** How many words are left to read. */
  left(): number {
    return this.tokens.length - this.index
  }
  /** Whether every word has been read. */
  done(): boolean {
    return this.peek() === undefined
  }
  end(): void {
    if (!this.done()) throw this.usage()
  }
}

function within(words: Words, name: string): string {
  if (name.length > MAX_NAME_LENGTH)
    throw new InputError('USAGE', { verb: words.verb, tooLong: MAX_NAME_LENGTH })
  return name
}

const quantityBounds = (given: string, options: { allowZero?: boolean }) => ({
  given,
  min: options.allowZero ? 0 : 1,
  max: MAX_QUANTITY,
})

function checkedQuantity(word: string, options: { allowZero?: boolean }): number {
  const value = /^\d{1,10}$/.test(word) ? Number(word) : Number.NaN
  if (!(value <= MAX_QUANTITY && value >= (options.allowZero ? 0 : 1)))
    throw new InputError('BAD_QUANTITY', quantityBounds(word, options))
  return value
}
