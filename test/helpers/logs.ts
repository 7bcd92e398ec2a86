import { Writable } from 'node:stream'

export interface LogCapture {
  readonly stream: Writable
  /** Every JSON log line written so far. */
  lines(): Record<string, unknown>[]
  text(): string
}

/** A destination for pino that keeps what it is given, for tests that read the logs. */
export function captureLogs(): LogCapture {
  let text = ''
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString()
      done()
    },
  })
  return {
    stream,
    text: () => text,
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  }
}
