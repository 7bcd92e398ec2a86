import { type CsvError, parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'

/**
 * CSV as spreadsheets write it, on both ends: `csv-stringify` writes exports,
 * `csv-parse` reads imports. Decoding and delimiter detection are ours: they
 * are about what Excel and LibreOffice produce, not about CSV.
 */

/**
 * CSV (RFC 4180, CRLF): fields with a comma, quote or line break are quoted,
 * quotes doubled. Text that a spreadsheet would run as a formula (= + - @, tab
 * or CR at the start) is prefixed with a single quote, so an export is safe to open.
 */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return stringify(
    rows.map((row) => row.map((value) => (typeof value === 'string' ? defuse(value) : value))),
    // csv-stringify quotes the whole record delimiter only; a lone \n or \r in a cell must be quoted too.
    { record_delimiter: 'windows', quoted_match: /[\r\n]/ },
  )
}

const defuse = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)

/** A record and the line of the file it starts on (a quoted field may span lines). */
export interface CsvRecord {
  readonly line: number
  readonly cells: readonly string[]
}

/** The delimiters spreadsheets write: `,`, `;` (European Excel, where `,` is the decimal mark) and tab (Excel's "Unicode text"). */
const DELIMITERS = [',', ';', '\t'] as const

/**
 * Parses CSV text: the delimiter is the one the header line uses most; CRLF,
 * LF or CR line ends (a line break inside a quoted field comes back as \n);
 * quoted fields may hold delimiters, doubled quotes and line breaks; blank lines are skipped. A record that cannot be parsed is
 * reported as `line N: problem` and parsing goes on where it can.
 */
export function readCsv(text: string): { records: CsvRecord[]; errors: string[] } {
  const records: CsvRecord[] = []
  const errors: string[] = []
  let lastLine = 0
  let lastEmpty = 0
  // Line ends are made \n first (also inside quoted fields), so that csv-parse's line count is the file's.
  const normalised = text.replace(/\r\n?/g, '\n')
  parse(normalised, {
    delimiter: detectDelimiter(normalised),
    record_delimiter: '\n',
    bom: true,
    relax_column_count: true,
    // A stray quote inside an unquoted field (`10" pipe`) is taken as a character, as spreadsheets do.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record: string[], info) => {
      const breaks = record.reduce((n, cell) => n + (cell.split('\n').length - 1), 0)
      records.push({ line: info.lines - breaks, cells: record })
      lastLine = info.lines
      lastEmpty = info.empty_lines
      return null
    },
    on_skip: (error: CsvError | undefined) => {
      if (!error) return
      const line = lastLine + 1 + (Number(error.empty_lines ?? lastEmpty) - lastEmpty)
      errors.push(`line ${line}: ${PARSE_PROBLEMS[error.code] ?? error.message}`)
      lastLine = Number(error.lines ?? line)
      lastEmpty = Number(error.empty_lines ?? lastEmpty)
    },
  })
  return { records, errors }
}

const PARSE_PROBLEMS: Partial<Record<CsvError['code'], string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field starts here and is never closed (a missing ")',
  CSV_INVALID_CLOSING_QUOTE:
    'text after a closing quote: quote the whole field and double the quotes inside it',
}

/** The delimiter the header line (the text before the first line break) uses most; `,` when it uses none. */
export function detectDelimiter(text: string): (typeof DELIMITERS)[number] {
  const header = (text.split(/\r\n|\r|\n/, 1)[0] ?? '').replace(/"[^"]*"/g, '')
  const counts = DELIMITERS.map((d) => ({ d, n: header.split(d).length - 1 }))
  return counts.reduce((best, c) => (c.n > best.n ? c : best)).d
}

/**
 * A file's bytes as text: UTF-8 with or without a BOM, or UTF-16 (little- or
 * big-endian, as Excel's "Unicode text" writes it, with its BOM). Anything
 * else is refused, naming the first line that is not UTF-8, rather than guessed.
 */
export function decodeText(bytes: Uint8Array): { text: string } | { error: string } {
  const [b0, b1] = bytes
  if (b0 === 0xff && b1 === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes) }
  if (b0 === 0xfe && b1 === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes) }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) }
  } catch {
    const bad = firstInvalidUtf8Line(bytes)
    return {
      error: `line ${bad}: not UTF-8 text. Save the file as “CSV UTF-8” (or “Unicode Text”) and import it again`,
    }
  }
}

function firstInvalidUtf8Line(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let start = 0
  let line = 1
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue
    try {
      decoder.decode(bytes.subarray(start, i))
    } catch {
      return line
    }
    start = i + 1
    line += 1
  }
  return line
}
