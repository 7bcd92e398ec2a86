import { randomUUID } from 'node:crypto'

export interface StoredFile {
  readonly id: string
  readonly name: string
  readonly length: number
  content?: Buffer
}

/** Files the bot uploads: an id and URL first (files.getUploadURLExternal), then the bytes, then shared. */
export function createFiles() {
  const files = new Map<string, StoredFile>()
  return {
    reserve(name: string, length: number): StoredFile {
      const file = { id: `F${randomUUID().slice(0, 10).toUpperCase()}`, name, length }
      files.set(file.id, file)
      return file
    },
    /** Stores the bytes of a reserved file, once. */
    store(id: string, content: Buffer): boolean {
      const file = files.get(id)
      if (!file || file.content) return false
      file.content = content
      return true
    },
    get: (id: string) => files.get(id),
  }
}

export type Files = ReturnType<typeof createFiles>
