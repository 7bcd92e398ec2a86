import { pino } from 'pino'

export type Logger = pino.Logger

/**
 * Secrets never reach the log: tokens, the signing secret, passwords, and the
 * Authorization header, wherever they appear in a logged object.
 */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'password',
  '*.password',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-slack-signature"]',
  'connectionString',
  '*.connectionString',
]

/** JSON logs (pino) with secrets redacted; `destination` is for tests. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'inventory-bot' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  )
}

/** Replaces the password in a connection URL, for log lines that must name the database. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = 'redacted'
    return parsed.toString()
  } catch {
    return '[unparsable url]'
  }
}
