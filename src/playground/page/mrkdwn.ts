/**
 * Slack's mrkdwn, parsed into a tree the page turns into DOM nodes (never
 * into HTML strings). Pure: no DOM, so it is unit-tested in Node.
 */
export type Inline =
  | { readonly t: 'text'; readonly text: string }
  | { readonly t: 'b' | 'i' | 's' | 'quote'; readonly children: readonly Inline[] }
  | { readonly t: 'code' | 'pre'; readonly text: string }
  | { readonly t: 'br' }
  | { readonly t: 'link'; readonly url: string; readonly label: string }
  | { readonly t: 'user' | 'channel'; readonly id: string; readonly label?: string }
  | { readonly t: 'special'; readonly label: string }
  | { readonly t: 'date'; readonly seconds: number; readonly format: string; readonly link?: string }
  | { readonly t: 'emoji'; readonly name: string; readonly char: string }

/** The shortcodes the bot writes, and a few common ones; any other `:name:` stays as typed. */
export const EMOJI: Readonly<Record<string, string>> = {
  warning: '⚠️',
  rotating_light: '🚨',
  hourglass_flowing_sand: '⏳',
  hourglass: '⌛',
  bell: '🔔',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  no_entry: '⛔',
  package: '📦',
  inbox_tray: '📥',
  outbox_tray: '📤',
  memo: '📝',
  clipboard: '📋',
  information_source: 'ℹ️',
  eyes: '👀',
  tada: '🎉',
  '+1': '👍',
  '-1': '👎',
}

/** Marks where an extracted token (`<…>`, `` `code` ``) sat, so emphasis can span it but not parse inside it. */
const MARK = 0xe000
const MARKS = /([\uE000-\uF8FF])/
const EMPHASIS_TAG = { '*': 'b', _: 'i', '~': 's' } as const
/** `*bold*`, `_italic_`, `~strike~`: opened after a boundary, closed before one, never next to a space. */
const EMPHASIS =
  /(^|[\s([{"'\u2013\u2014-]|[\uE000-\uF8FF])([*_~])(?=\S)([\s\S]*?\S)\2(?=$|[\s)\]}.,;:!?"'\u2013\u2014-]|[\uE000-\uF8FF])/

/** Parses a mrkdwn text object's text. */
export function parseMrkdwn(text: string): Inline[] {
  return text
    .split(/```([\s\S]*?)```/)
    .flatMap((part, i) =>
      i % 2 === 1 ? [{ t: 'pre' as const, text: decode(part.replace(/^\n/, '')) }] : lines(part),
    )
}

/** plain_text with `emoji: true`: shortcodes only, no formatting. */
export function parsePlain(text: string, emoji = true): Inline[] {
  return emoji ? emojify(text) : [{ t: 'text', text }]
}

function lines(text: string): Inline[] {
  return text.split('\n').flatMap((line, i) => {
    const quoted = line.match(/^(?:&gt;|>)\s?(.*)$/)
    const content = quoted ? [{ t: 'quote' as const, children: inline(quoted[1] ?? '') }] : inline(line)
    return i === 0 ? content : [{ t: 'br' as const }, ...content]
  })
}

function inline(line: string): Inline[] {
  const tokens: Inline[] = []
  const hold = (node: Inline) => {
    tokens.push(node)
    return String.fromCharCode(MARK + tokens.length - 1)
  }
  const held = line
    .replace(/`([^`\n]+)`/g, (_, code: string) => hold({ t: 'code', text: decode(code) }))
    .replace(/<([^<>\n]+)>/g, (_, body: string) => hold(reference(body)))
  return emphasis(held, tokens)
}

function emphasis(text: string, tokens: readonly Inline[]): Inline[] {
  const match = EMPHASIS.exec(text)
  if (!match) return release(text, tokens)
  const start = match.index + (match[1] ?? '').length
  const tag = EMPHASIS_TAG[match[2] as keyof typeof EMPHASIS_TAG]
  return [
    ...release(text.slice(0, start), tokens),
    { t: tag, children: emphasis(match[3] ?? '', tokens) },
    ...emphasis(text.slice(match.index + match[0].length), tokens),
  ]
}

function release(text: string, tokens: readonly Inline[]): Inline[] {
  return text
    .split(MARKS)
    .filter(Boolean)
    .flatMap((part) => {
      const token = part.length === 1 ? tokens[part.charCodeAt(0) - MARK] : undefined
      return token ? [token] : emojify(decode(part))
    })
}

function emojify(text: string): Inline[] {
  const out: Inline[] = []
  for (const part of text.split(/(:[a-z0-9_+-]+:)/)) {
    const name = part.slice(1, -1)
    const char = part.startsWith(':') && part.endsWith(':') ? EMOJI[name] : undefined
    const last = out.at(-1)
    if (char) out.push({ t: 'emoji', name, char })
    else if (last?.t === 'text') out[out.length - 1] = { t: 'text', text: last.text + part }
    else if (part) out.push({ t: 'text', text: part })
  }
  return out
}

/** What sits between `<` and `>`: a mention, a special, a date, or a link. */
function reference(body: string): Inline {
  const [target = '', label] = splitOnce(body, '|')
  if (target.startsWith('@')) return { t: 'user', id: target.slice(1), ...(label ? { label } : {}) }
  if (target.startsWith('#')) return { t: 'channel', id: target.slice(1), ...(label ? { label } : {}) }
  if (target.startsWith('!date^')) {
    const [, seconds = '', format = '', link] = target.split('^')
    return Number.isFinite(Number(seconds)) && seconds
      ? { t: 'date', seconds: Number(seconds), format, ...(link ? { link } : {}) }
      : { t: 'text', text: decode(label ?? target) }
  }
  if (target.startsWith('!')) {
    const name = target.slice(1).split('^')[0] ?? ''
    return { t: 'special', label: decode(label ?? `@${name}`) }
  }
  if (/^(https?:|mailto:)/i.test(target))
    return { t: 'link', url: decode(target), label: decode(label ?? target) }
  return { t: 'text', text: decode(label ?? target) }
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator)
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)]
}

/** Slack's three entities; everything else was sent as is. */
function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

const DAY_MS = 86_400_000

/**
 * `<!date^…>` in the reader's time zone: Slack's tokens `{date_num}`,
 * `{date}`, `{date_short}`, `{date_long}`, their `_pretty` forms (Today,
 * Yesterday, Tomorrow), `{time}`, `{time_secs}` and `{ago}`.
 */
export function formatDate(
  seconds: number,
  format: string,
  options: { now?: number; timeZone?: string; locale?: string } = {},
): string {
  const at = new Date(seconds * 1000)
  const now = options.now ?? Date.now()
  const zone = options.timeZone ? { timeZone: options.timeZone } : {}
  const locale = options.locale ?? 'en-US'
  const part = (o: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale, { ...zone, ...o }).format(at)
  const dayOf = (ms: number) => new Intl.DateTimeFormat('en-CA', { ...zone }).format(new Date(ms))
  const relative =
    dayOf(at.getTime()) === dayOf(now)
      ? 'Today'
      : dayOf(at.getTime()) === dayOf(now - DAY_MS)
        ? 'Yesterday'
        : dayOf(at.getTime()) === dayOf(now + DAY_MS)
          ? 'Tomorrow'
          : undefined
  const day = Number(part({ day: 'numeric' }))
  const long = `${part({ month: 'long' })} ${ordinal(day)}, ${part({ year: 'numeric' })}`
  const tokens: Record<string, () => string> = {
    date_num: () => dayOf(at.getTime()),
    date: () => long,
    date_short: () => part({ month: 'short', day: 'numeric', year: 'numeric' }),
    date_long: () => `${part({ weekday: 'long' })}, ${long}`,
    date_pretty: () => relative ?? long,
    date_short_pretty: () => relative ?? part({ month: 'short', day: 'numeric', year: 'numeric' }),
    date_long_pretty: () => relative ?? `${part({ weekday: 'long' })}, ${long}`,
    time: () => part({ hour: 'numeric', minute: '2-digit' }),
    time_secs: () => part({ hour: 'numeric', minute: '2-digit', second: '2-digit' }),
    ago: () => ago(now - at.getTime()),
  }
  return format.replace(/\{(\w+)\}/g, (whole, name: string) => tokens[name]?.() ?? whole)
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')
  return `${n}${suffix}`
}

function ago(ms: number): string {
  const future = ms < 0
  const minutes = Math.round(Math.abs(ms) / 60_000)
  const [n, unit] =
    minutes < 1
      ? [0, '']
      : minutes < 60
        ? [minutes, 'minute']
        : minutes < 1440
          ? [Math.round(minutes / 60), 'hour']
          : [Math.round(minutes / 1440), 'day']
  if (!unit) return 'just now'
  const amount = `${n} ${unit}${n === 1 ? '' : 's'}`
  return future ? `in ${amount}` : `${amount} ago`
}
