import { expect } from 'vitest'
import type { SlackStandIn } from './slack.js'

/** A fixed installation key for tests (32 bytes, base64), and another one for rotation. */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64')
export const OTHER_ENCRYPTION_KEY = Buffer.alloc(32, 9).toString('base64')
export const TEST_CLIENT_ID = '1111.2222'
export const TEST_CLIENT_SECRET = 'test-client-secret'

/** The settings of OAuth installs (no SLACK_BOT_TOKEN). */
export const TEST_OAUTH_ENV: Readonly<Record<string, string>> = {
  SLACK_CLIENT_ID: TEST_CLIENT_ID,
  SLACK_CLIENT_SECRET: TEST_CLIENT_SECRET,
  SLACK_STATE_SECRET: 'test-state-secret-0123456789',
  INSTALLATION_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
}

/** Who installs, where, and the tokens Slack hands out (`oauth.v2.access`). */
export interface InstallAs {
  /** The workspace (omit for an org-wide install). */
  readonly team?: string
  /** The Enterprise Grid org, if any; with no `team`, an org-wide install. */
  readonly enterprise?: string
  readonly token: string
  /** Token rotation: the refresh token, and how long the token lives. */
  readonly refreshToken?: string
  readonly expiresInSeconds?: number
  readonly user?: string
}

/** `oauth.v2.access`'s answer for an install, as Slack gives it. */
export function oauthAccess(as: InstallAs): Record<string, unknown> {
  const orgWide = as.team === undefined
  return {
    ok: true,
    app_id: 'A0001',
    authed_user: { id: as.user ?? 'U0001' },
    scope: 'commands,chat:write,files:write',
    token_type: 'bot',
    access_token: as.token,
    bot_user_id: 'UBOT',
    team: orgWide ? null : { id: as.team, name: `Team ${as.team}` },
    enterprise: as.enterprise ? { id: as.enterprise, name: `Org ${as.enterprise}` } : null,
    is_enterprise_install: orgWide,
    ...(as.refreshToken ? { refresh_token: as.refreshToken, expires_in: as.expiresInSeconds ?? 43_200 } : {}),
  }
}

/** The start of an install in a browser: the "Add to Slack" page, its state and the cookie that goes with it. */
export async function startInstall(baseUrl: string) {
  const page = await fetch(`${baseUrl}/slack/install`)
  const html = await page.text()
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const href = html
    .match(/href="(https:\/\/slack\.com\/oauth\/v2\/authorize[^"]+)"/)?.[1]
    ?.replaceAll('&amp;', '&')
  const authorize = new URL(href ?? 'https://invalid/')
  return { status: page.status, html, cookie, authorize, state: authorize.searchParams.get('state') ?? '' }
}

/** Slack sending the browser back to the bot with a code. */
export async function finishInstall(
  baseUrl: string,
  query: { code?: string; state?: string },
  cookie?: string,
) {
  const url = new URL(`${baseUrl}/slack/oauth_redirect`)
  for (const [name, value] of Object.entries(query))
    if (value !== undefined) url.searchParams.set(name, value)
  const response = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' })
  return { status: response.status, html: await response.text() }
}

/** A whole install, end to end through the bot's pages and the Web API stand-in; expects it to succeed. */
export async function install(baseUrl: string, slack: SlackStandIn, as: InstallAs): Promise<void> {
  const started = await startInstall(baseUrl)
  expect(started.status).toBe(200)
  slack.reply('oauth.v2.access', { body: oauthAccess(as) })
  const code = `code-${as.team ?? as.enterprise}-${Math.random().toString(36).slice(2)}`
  const finished = await finishInstall(baseUrl, { code, state: started.state }, started.cookie)
  expect(finished.status, finished.html).toBe(200)
}
