import { userInfo } from 'node:os'
import { config as loadDotenv } from 'dotenv'
import { ConfigError, loadConfig } from '../config.js'
import { openDatabase } from '../db/database.js'
import { recordAudit } from '../db/repositories/audit.js'
import { listInstallations } from '../db/repositories/installations.js'
import { purgeWorkspaceRows } from '../db/repositories/purge.js'
import { withTransaction } from '../db/transaction.js'
import { createLogger } from '../logger.js'
import { createTokenCipher } from '../slack/oauth/cipher.js'
import { rekeyInstallations } from '../slack/oauth/rekey.js'

const USAGE = 'usage: npm run installations -- list | rekey | purge TEAM_ID --yes'
const TEAM_ID = /^T[A-Z0-9]{2,}$/

/**
 * `npm run installations -- …`: the operators' tool for OAuth installs.
 * `list` shows every installation (workspace or org, installed or revoked, the
 * key its tokens are sealed with); `rekey` re-seals every token with the first
 * key of INSTALLATION_ENCRYPTION_KEY; `purge TEAM_ID --yes` deletes a
 * workspace's data and installation for good, and records it in the audit
 * trail. Exit status 0 on success, 1 with a message otherwise.
 */
async function main(args: string[]): Promise<number> {
  loadDotenv({ quiet: true })
  const [op = 'list', team, confirm] = args
  const valid =
    op === 'list' || op === 'rekey' || (op === 'purge' && team !== undefined && TEAM_ID.test(team))
  if (!valid) {
    console.error(USAGE)
    return 1
  }
  if (op === 'purge' && confirm !== '--yes') {
    console.error(
      `This deletes every item, location, movement and setting of ${team}, and its installation, for good; the audit trail keeps a record. Run again with --yes to do it.`,
    )
    return 1
  }
  const config = loadConfig(process.env)
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn')
  const db = await openDatabase(config, logger, { applicationName: 'inventory-installations' })
  try {
    if (op === 'list') {
      const cipher = config.encryptionKeys.length ? createTokenCipher(config.encryptionKeys) : undefined
      const installations = await listInstallations(db.pool)
      for (const i of installations) {
        const who = i.isEnterpriseInstall
          ? `${i.enterpriseId} (org-wide)`
          : `${i.teamId}${i.enterpriseId ? ` in ${i.enterpriseId}` : ''}`
        const state = i.secrets
          ? `key ${cipher?.keyIdOf(i.secrets) ?? i.secrets.split('.')[1]}${cipher && cipher.keyIdOf(i.secrets) !== cipher.currentKeyId ? ' (not the current key: run rekey)' : ''}`
          : `revoked ${i.revokedAt?.toISOString() ?? ''}`
        console.log(`${who}  installed ${i.installedAt.toISOString()} by ${i.installedBy ?? '?'}  ${state}`)
      }
      if (!installations.length) console.log('No installations.')
    }
    if (op === 'rekey') {
      const cipher = createTokenCipher(config.encryptionKeys)
      const report = await rekeyInstallations(db.pool, cipher)
      console.log(
        `Re-sealed ${report.rekeyed} installation(s) with key ${cipher.currentKeyId}; ${report.current} had it already, ${report.empty} hold no tokens.`,
      )
      if (report.unreadable.length) {
        for (const u of report.unreadable)
          console.error(
            `Installation ${u.id} is sealed with key ${u.keyId}, which INSTALLATION_ENCRYPTION_KEY does not list.`,
          )
        return 1
      }
    }
    if (op === 'purge' && team) {
      const by = `cli:${userInfo().username}`
      const report = await withTransaction(db.pool, async (tx) => {
        const deleted = await purgeWorkspaceRows(tx, team)
        await recordAudit(tx, { teamId: team, actor: by, action: 'workspace.purge', details: { deleted } })
        return deleted
      })
      const total = Object.values(report).reduce((sum, n) => sum + n, 0)
      console.log(`Purged ${team}: ${total} rows.`)
      for (const [table, rows] of Object.entries(report)) if (rows) console.log(`  ${table}: ${rows}`)
    }
    return 0
  } finally {
    await db.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(
      error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error),
    )
    process.exit(1)
  },
)
