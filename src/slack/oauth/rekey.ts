import type pg from 'pg'
import { findInstallation, listInstallations, updateSecrets } from '../../db/repositories/installations.js'
import { withTransaction } from '../../db/transaction.js'
import type { TokenCipher } from './cipher.js'
import { keyOf, sealContext } from './installations.js'

export interface RekeyReport {
  /** Sealed again with the current key. */
  readonly rekeyed: number
  /** Sealed with the current key already. */
  readonly current: number
  /** Revoked or uninstalled: no secrets to seal. */
  readonly empty: number
  /** Sealed with a key the cipher does not hold (its fingerprint): left as they are. */
  readonly unreadable: readonly { readonly id: number; readonly keyId: string }[]
}

/**
 * Re-seals every installation's secrets with the cipher's current key (the
 * first of INSTALLATION_ENCRYPTION_KEY), one row at a time under its lock, so
 * it can run while bots serve (they open either key meanwhile). Running it
 * twice does nothing the second time.
 */
export async function rekeyInstallations(pool: pg.Pool, cipher: TokenCipher): Promise<RekeyReport> {
  let rekeyed = 0
  let current = 0
  let empty = 0
  const unreadable: { id: number; keyId: string }[] = []
  for (const installation of await listInstallations(pool)) {
    if (!installation.secrets) {
      empty += 1
      continue
    }
    const keyId = cipher.keyIdOf(installation.secrets)
    if (keyId === cipher.currentKeyId) {
      current += 1
      continue
    }
    const done = await withTransaction(pool, async (tx) => {
      const locked = await findInstallation(tx, keyOf(installation), { lock: 'wait' })
      if (!locked?.secrets || cipher.keyIdOf(locked.secrets) === cipher.currentKeyId) return true
      const context = sealContext(locked)
      const secrets = cipher.open(locked.secrets, context)
      await updateSecrets(tx, locked.id, cipher.seal(secrets, context), locked.tokenExpiresAt)
      return true
    }).catch(() => false)
    if (done) rekeyed += 1
    else unreadable.push({ id: installation.id, keyId })
  }
  return { rekeyed, current, empty, unreadable }
}
