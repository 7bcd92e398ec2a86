import type { Logger } from './logger.js'

/**
 * SIGTERM/SIGINT → `stop()` (readiness 503, drain, close) → exit, within the
 * grace period; a second signal or the deadline exits at once. Unhandled
 * rejections are logged, not fatal: one failed background delivery must not take the process down.
 */
export function handleShutdown(logger: Logger, graceMs: number, stop: () => Promise<void>): void {
  let stopping = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now')
      process.exit(1)
    }
    stopping = true
    logger.info({ signal }, 'shutting down: draining in-flight work')
    setTimeout(() => {
      logger.error('shutdown took too long: exiting')
      process.exit(1)
    }, graceMs + 4_000).unref()
    stop().then(
      () => {
        logger.info('stopped cleanly')
        process.exit(0)
      },
      (err) => {
        logger.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'))
}
