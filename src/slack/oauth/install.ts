import type { IncomingMessage, ServerResponse } from 'node:http'
import { InstallProvider } from '@slack/oauth'
import type pg from 'pg'
import type { OAuthConfig } from '../../config.js'
import { type Routes, send } from '../../http/server.js'
import type { Logger } from '../../logger.js'
import { boltLogger } from '../bolt-logger.js'
import { BOT_SCOPES } from '../scopes.js'
import type { Installations } from './installations.js'
import { createStateStore } from './state-store.js'

/**
 * The install flow, by @slack/oauth: `GET /slack/install` serves the "Add to
 * Slack" page (and sets the state cookie), `GET /slack/oauth_redirect` checks
 * the state (this browser's, signed, unused, fresh), exchanges the code
 * (`oauth.v2.access`), and stores the installation, for a workspace or an
 * Enterprise Grid org. A failure is a short page, never a stack trace.
 */
export function installRoutes(deps: {
  oauth: OAuthConfig
  installations: Installations
  pool: pg.Pool
  apiUrl: string
  httpTimeoutMs: number
  logger: Logger
}): Routes {
  const logger = deps.logger.child({ component: 'install' })
  const installer = new InstallProvider({
    clientId: deps.oauth.clientId,
    clientSecret: deps.oauth.clientSecret,
    stateStore: createStateStore(deps.pool, deps.oauth.stateSecret),
    installationStore: deps.installations.store,
    installUrlOptions: { scopes: [...BOT_SCOPES] },
    clientOptions: { slackApiUrl: deps.apiUrl, timeout: deps.httpTimeoutMs, retryConfig: { retries: 0 } },
    logger: boltLogger(logger, 'install'),
  })
  const failed = (res: ServerResponse, status: number, reason: string) => {
    if (res.headersSent) return
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
    res.end(
      page('The app was not installed', `${escapeHtml(reason)} <a href="/slack/install">Start again</a>.`),
    )
  }
  return {
    'GET /slack/install': async (req, res) => {
      try {
        await installer.handleInstallPath(req, res)
      } catch (err) {
        logger.error({ err }, 'could not start an install')
        failed(res, 503, 'The install could not start just now; try again in a minute.')
      }
    },
    'GET /slack/oauth_redirect': async (req: IncomingMessage, res: ServerResponse) => {
      await installer.handleCallback(req, res, {
        failure: (error) => {
          logger.warn({ code: error.code, reason: error.message }, 'an install was refused')
          failed(res, 400, reasonOf(error))
        },
      })
      if (!res.headersSent) send(res, 400)
    },
  }
}

function reasonOf(error: { code: string; message: string }): string {
  if (error.code === 'slack_oauth_invalid_state' || error.code === 'slack_oauth_missing_state')
    return 'This link was not started from this browser, was used already, or is older than 10 minutes.'
  if (error.code === 'slack_oauth_missing_code') return 'Slack did not send an authorization code.'
  return 'Slack did not confirm the install.'
}

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body style="font-family: sans-serif; padding: 2em"><h1>${title}</h1><p>${body}</p></body></html>`

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
