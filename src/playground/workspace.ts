import { randomUUID } from 'node:crypto'
import { CHANNELS, directChannelOf, type Person } from './people.js'

/** A Block Kit block or element as JSON; the page renders it, the playground only stores it. */
export type Json = Record<string, unknown>

export interface SharedFile {
  readonly id: string
  readonly name: string
  readonly title: string
  readonly size: number
}

/** A message in a conversation, as Slack keeps it. */
export interface Message {
  readonly ts: string
  readonly channel: string
  /** A person's id, or the bot's. */
  readonly author: string
  /** Set for an ephemeral message: only this person sees it. */
  readonly visibleTo?: string
  readonly text: string
  readonly blocks: readonly Json[]
  /** The `/inventory …` that produced it, shown above it as Slack does. */
  readonly invocation?: string
  readonly file?: SharedFile
  /** Raised on every edit, so the page redraws exactly the messages that changed. */
  readonly rev: number
}

export type NewMessage = Omit<Message, 'ts' | 'rev' | 'channel'>

/** What a response_url is bound to: who acted, where, and the message it may replace. */
export interface ResponseTarget {
  readonly user: string
  readonly channel: string
  /** The message a `replace_original` rewrites (a slash command's: its first answer). */
  messageTs?: string
  /** Set once a post replaced the message, so a late ack does not show under its answer. */
  replaced?: boolean
  /** A slash command's `/inventory …`, shown above its answers. */
  readonly invocation?: string
}

/**
 * Slack's side of the conversations, in memory: messages (in-channel and
 * ephemeral), the response_urls handed to the bot, and a change counter the
 * page follows. None of the bot's state lives here; a restart forgets the chat, not the stock.
 */
export function createWorkspace(people: readonly Person[]) {
  const conversations = new Map<string, Message[]>()
  const responseTargets = new Map<string, ResponseTarget>()
  const listeners = new Set<() => void>()
  let version = 0
  const nextTs = slackTimestamps()

  const changed = () => {
    version += 1
    for (const listener of listeners) listener()
  }
  const messagesOf = (channel: string) => conversations.get(channel) ?? []

  return {
    version: () => version,
    changed,
    onChange(listener: () => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },

    people,
    person: (id: unknown) => people.find((p) => p.id === id),

    /** Whether a conversation exists: a channel, or a person's DM with the bot. */
    has: (channel: string) =>
      CHANNELS.some((c) => c.id === channel) || people.some((p) => directChannelOf(p.id) === channel),

    post(channel: string, message: NewMessage): Message {
      const posted: Message = {
        ...message,
        blocks: withBlockIds(message.blocks),
        channel,
        ts: nextTs(),
        rev: 1,
      }
      conversations.set(channel, [...messagesOf(channel), posted])
      changed()
      return posted
    },

    find: (channel: string, ts: string) => messagesOf(channel).find((m) => m.ts === ts),

    /** Rewrites a message in place (same ts); `visibleTo: undefined` makes an ephemeral one public. */
    update(channel: string, ts: string, content: Partial<NewMessage>): Message | undefined {
      const old = messagesOf(channel).find((m) => m.ts === ts)
      if (!old) return undefined
      const updated: Message = {
        ...old,
        ...content,
        blocks: withBlockIds(content.blocks ?? old.blocks),
        rev: old.rev + 1,
      }
      conversations.set(
        channel,
        messagesOf(channel).map((m) => (m.ts === ts ? updated : m)),
      )
      changed()
      return updated
    },

    remove(channel: string, ts: string): void {
      conversations.set(
        channel,
        messagesOf(channel).filter((m) => m.ts !== ts),
      )
      changed()
    },

    /** What one person sees in a conversation: every in-channel message and their own ephemeral ones. */
    visible: (channel: string, userId: string) =>
      messagesOf(channel).filter((m) => m.visibleTo === undefined || m.visibleTo === userId),

    /** A fresh response_url id for an interaction; the bot may post to it to answer. */
    responseUrl(target: ResponseTarget): string {
      const id = randomUUID()
      responseTargets.set(id, target)
      return id
    },
    responseTarget: (id: string) => responseTargets.get(id),
  }
}

export type Workspace = ReturnType<typeof createWorkspace>

/** Slack gives every block a block_id; actions name their block, so the playground does the same. */
export function withBlockIds(blocks: readonly Json[] | undefined): Json[] {
  return (blocks ?? []).map((block, i) => (block.block_id ? block : { ...block, block_id: `b${i}` }))
}

/** Unique, increasing timestamps in Slack's `seconds.micros` form (message ts, action_ts). */
export function slackTimestamps(): () => string {
  let last = 0
  return () => {
    last = Math.max(last + 1, Date.now() * 1000)
    return `${Math.floor(last / 1e6)}.${String(last % 1e6).padStart(6, '0')}`
  }
}

/** A JSON object, or undefined for anything else (invalid JSON, an array, a string). */
export function parseJsonObject(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined
  } catch {
    return undefined
  }
}
