import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

const VERSION = 'v1'
const IV_BYTES = 12

/** The secrets of an installation (never logged, never stored in the clear). */
export interface InstallationSecrets {
  readonly botToken: string
  /** Set when the app has token rotation on. */
  readonly refreshToken?: string | undefined
}

/**
 * Seals installation secrets with AES-256-GCM. `keys` are base64 32-byte keys:
 * the first seals, any of them opens (so a key can be rotated: add the new
 * one first, re-seal everything with `npm run installations -- rekey`, then
 * drop the old one). A sealed value names its key by a short fingerprint and is
 * bound to `context` (which installation it belongs to) as additional
 * authenticated data, so it cannot be copied onto another row.
 *
 * Format: `v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url.
 */
export interface TokenCipher {
  seal(secrets: InstallationSecrets, context: string): string
  /** Throws when the value was not sealed for `context` with one of the keys, or was altered. */
  open(sealed: string, context: string): InstallationSecrets
  /** The fingerprint of the key that sealed `sealed`. */
  keyIdOf(sealed: string): string
  /** Whether one of the keys sealed `sealed`. */
  holdsKeyOf(sealed: string): boolean
  /** The fingerprint of the key that seals now. */
  readonly currentKeyId: string
}

export class UnknownKeyError extends Error {
  constructor(keyId: string) {
    super(`installation secrets sealed with key ${keyId}, which INSTALLATION_ENCRYPTION_KEY does not list`)
    this.name = 'UnknownKeyError'
  }
}

export function createTokenCipher(keys: readonly string[]): TokenCipher {
  if (keys.length === 0)
    throw new Error('INSTALLATION_ENCRYPTION_KEY is required to read or write installations')
  const byId = new Map(keys.map((key) => [fingerprint(key), Buffer.from(key, 'base64')]))
  const currentKeyId = fingerprint(keys[0] as string)
  const current = byId.get(currentKeyId) as Buffer
  return {
    currentKeyId,
    seal(secrets, context) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', current, iv).setAAD(Buffer.from(context))
      const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()])
      return [VERSION, currentKeyId, iv, cipher.getAuthTag(), data]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.')
    },
    open(sealed, context) {
      const [version, keyId = '', iv = '', tag = '', data = ''] = sealed.split('.')
      if (version !== VERSION) throw new Error(`unknown sealed-secrets version ${version}`)
      const key = byId.get(keyId)
      if (!key) throw new UnknownKeyError(keyId)
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
        .setAAD(Buffer.from(context))
        .setAuthTag(Buffer.from(tag, 'base64url'))
      const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()])
      return JSON.parse(plain.toString('utf8')) as InstallationSecrets
    },
    keyIdOf: (sealed) => sealed.split('.')[1] ?? '',
    holdsKeyOf: (sealed) => byId.has(sealed.split('.')[1] ?? ''),
  }
}

/** A key's public name: the first 8 hex digits of its SHA-256. */
function fingerprint(key: string): string {
  return createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 8)
}
