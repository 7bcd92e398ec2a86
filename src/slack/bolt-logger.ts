import { type Logger as BoltLogger, LogLevel } from '@slack/bolt'
import type { Logger } from '../logger.js'

/** Bolt's (and Slack's SDKs') logger interface over ours, as a child with `component`. */
export function boltLogger(logger: Logger, component = 'bolt'): BoltLogger {
  const child = logger.child({ component })
  const text = (messages: unknown[]) => messages.map(String).join(' ')
  return {
    debug: (...m) => child.debug(text(m)),
    info: (...m) => child.info(text(m)),
    warn: (...m) => child.warn(text(m)),
    error: (...m) => child.error(text(m)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  }
}
