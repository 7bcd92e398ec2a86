import { webApi } from '@slack/bolt'
import type { Installation, InstallationStore } from '@slack/oauth'
import type pg from 'pg'
import type { OAuthConfig } from '../../config.js'
import { recordAudit } from '../../db/repositories/audit.js'
import {
  findInstallation,
  type InstallationKey,
  listInstallations,
  revokeInstallation,
  type StoredInstallation,
  saveInstallation,
  updateSecrets,
} from '../../db/repositories/installations.js'
import { withTransaction } from '../../db/transaction.js'
import type { Logger } from '../../logger.js'
import { NO_RETRY } from '../../resilience/retry.js'
import type { Authorize } from '../authorize.js'
import type { Workspace } from '../webapi.js'
import type { InstallationSecrets, TokenCipher } from './cipher.js'

/** A rotating token is refreshed when it expires within this (Slack's expire after 12 hours). */
export const REFRESH_BEFORE_EXPIRY_MS = 2 * 60 * 60 * 1000

/** No installation serves this workspace: never installed, uninstalled, or its tokens revoked. */
export class NotInstalledError extends Error {
  constructor(key: InstallationKey) {
    super(`no installation serves workspace ${key.teamId ?? '-'} (org ${key.enterpriseId ?? '-'})`)
    this.name = 'NotInstalledError'
  }
}

/** The installations of the app (OAuth mode): tokens per workspace or org, from Postgres, sealed at rest. */
export interface Installations {
  /** Bolt's authorize: the token and bot ids of the installation serving a payload's workspace (or org). */
  readonly authorize: Authorize
  /** The bot token for a Web API call in `workspace`, refreshed first when it is about to expire. */
  botToken(workspace: Workspace): Promise<string>
  /** What the install flow (`@slack/oauth`) stores into: sealed, per workspace or per org. */
  readonly store: InstallationStore
  /**
   * Forgets the tokens of the installation serving exactly `key` (`app_uninstalled`,
   * `tokens_revoked`: `why`), and records it in the audit trail. Returns whether there were any.
   */
  revoke(key: InstallationKey, why: string): Promise<boolean>
  /** How many installations hold tokens sealed with a key the cipher lacks (they cannot be served). */
  unreadable(): Promise<number>
}

/** What a sealed value is bound to: the installation it belongs to. */
export const sealContext = (
  i: Pick<StoredInstallation, 'isEnterpriseInstall' | 'teamId' | 'enterpriseId'>,
) => (i.isEnterpriseInstall ? `installation:E:${i.enterpriseId}` : `installation:T:${i.teamId}`)

export function createInstallations(deps: {
  pool: pg.Pool
  cipher: TokenCipher
  oauth: OAuthConfig
  apiUrl: string
  httpTimeoutMs: number
  logger: Logger
}): Installations {
  const { pool, cipher } = deps
  const logger = deps.logger.child({ component: 'installations' })
  const slack = new webApi.WebClient(undefined, {
    slackApiUrl: deps.apiUrl,
    timeout: deps.httpTimeoutMs,
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
  })

  async function serving(key: InstallationKey) {
    const installation = await findInstallation(pool, key)
    if (!installation?.secrets) throw new NotInstalledError(key)
    return { installation, secrets: await fresh(installation) }
  }

  /**
   * The secrets, refreshed under the row's lock when the token expires within
   * REFRESH_BEFORE_EXPIRY_MS: one bot refreshes, and the others go on with the
   * token in hand (still valid) rather than wait, unless it has expired.
   */
  async function fresh(installation: StoredInstallation): Promise<InstallationSecrets> {
    const context = sealContext(installation)
    const secrets = cipher.open(installation.secrets as string, context)
    if (!secrets.refreshToken || !expiresSoon(installation.tokenExpiresAt)) return secrets
    const stillValid = (installation.tokenExpiresAt?.getTime() ?? 0) > Date.now()
    return withTransaction(
      pool,
      async (tx) => {
        const locked = await findInstallation(tx, keyOf(installation), { lock: stillValid ? 'skip' : 'wait' })
        // Skipped (another bot is refreshing it; SKIP LOCKED may then find the org's row instead).
        if (locked?.id !== installation.id && stillValid) return secrets
        if (!locked?.secrets || locked.id !== installation.id)
          throw new NotInstalledError(keyOf(installation))
        const current = cipher.open(locked.secrets, context)
        if (!current.refreshToken || !expiresSoon(locked.tokenExpiresAt)) return current
        try {
          const answer = await slack.oauth.v2.access({
            client_id: deps.oauth.clientId,
            client_secret: deps.oauth.clientSecret,
            grant_type: 'refresh_token',
            refresh_token: current.refreshToken,
          })
          const next = { botToken: String(answer.access_token), refreshToken: String(answer.refresh_token) }
          const expiresAt = new Date(Date.now() + Number(answer.expires_in) * 1000)
          await updateSecrets(tx, locked.id, cipher.seal(next, context), expiresAt)
          logger.info({ installation: locked.id, expiresAt }, 'refreshed a rotating bot token')
          return next
        } catch (err) {
          // The token in hand still works until it expires: use it, and refresh again on the next call.
          if (locked.tokenExpiresAt && locked.tokenExpiresAt.getTime() > Date.now()) {
            logger.warn(
              { err, installation: locked.id },
              'refreshing a rotating bot token failed; it still works',
            )
            return current
          }
          throw err
        }
      },
      { retry: NO_RETRY },
    )
  }

  return {
    async authorize(source) {
      const { installation, secrets } = await serving(source)
      return {
        botToken: secrets.botToken,
        ...(installation.botId ? { botId: installation.botId } : {}),
        ...(installation.botUserId ? { botUserId: installation.botUserId } : {}),
      }
    },
    async unreadable() {
      const all = await listInstallations(pool)
      return all.filter((i) => i.secrets && !cipher.holdsKeyOf(i.secrets)).length
    },
    async botToken(workspace) {
      return (await serving(workspace)).secrets.botToken
    },
    revoke: (key, why) =>
      withTransaction(pool, async (tx) => {
        const revoked = await revokeInstallation(tx, key)
        if (revoked)
          await recordAudit(tx, {
            teamId: (key.isEnterpriseInstall ? key.enterpriseId : key.teamId) ?? 'unknown',
            enterpriseId: key.enterpriseId,
            actor: 'system',
            action: 'installation.revoke',
            details: { event: why, isEnterpriseInstall: key.isEnterpriseInstall === true },
          })
        return revoked
      }),
    store: {
      async storeInstallation(installation) {
        const isEnterpriseInstall = installation.isEnterpriseInstall === true
        const bot = installation.bot
        if (!bot?.token)
          throw new Error('an installation without a bot token: the app asks for bot scopes only')
        const stored = {
          teamId: installation.team?.id,
          enterpriseId: installation.enterprise?.id,
          isEnterpriseInstall,
        }
        const sealed = cipher.seal(
          { botToken: bot.token, refreshToken: bot.refreshToken },
          sealContext(stored),
        )
        await saveInstallation(pool, {
          ...stored,
          appId: installation.appId,
          botId: bot.id,
          botUserId: bot.userId,
          botScopes: bot.scopes ?? [],
          installedBy: installation.user?.id,
          secrets: sealed,
          tokenExpiresAt: bot.expiresAt ? new Date(bot.expiresAt * 1000) : undefined,
        })
        logger.info(
          { teamId: stored.teamId, enterpriseId: stored.enterpriseId, isEnterpriseInstall },
          'the app was installed',
        )
      },
      async fetchInstallation(query) {
        const { installation, secrets } = await serving(query)
        return toSlackInstallation(installation, secrets)
      },
    },
  }
}

export const keyOf = (i: StoredInstallation): InstallationKey => ({
  teamId: i.teamId,
  enterpriseId: i.enterpriseId,
  isEnterpriseInstall: i.isEnterpriseInstall,
})

const expiresSoon = (expiresAt: Date | undefined) =>
  expiresAt !== undefined && expiresAt.getTime() - Date.now() <= REFRESH_BEFORE_EXPIRY_MS

function toSlackInstallation(i: StoredInstallation, secrets: InstallationSecrets): Installation {
  return {
    team: i.teamId ? { id: i.teamId } : undefined,
    enterprise: i.enterpriseId ? { id: i.enterpriseId } : undefined,
    user: { id: i.installedBy ?? '', token: undefined, scopes: undefined },
    bot: {
      token: secrets.botToken,
      ...(secrets.refreshToken ? { refreshToken: secrets.refreshToken } : {}),
      ...(i.tokenExpiresAt ? { expiresAt: Math.floor(i.tokenExpiresAt.getTime() / 1000) } : {}),
      scopes: [...i.botScopes],
      id: i.botId ?? '',
      userId: i.botUserId ?? '',
    },
    appId: i.appId,
    isEnterpriseInstall: i.isEnterpriseInstall,
    authVersion: 'v2',
  } as Installation
}
