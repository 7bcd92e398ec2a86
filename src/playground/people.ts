/**
 * The workspace the playground plays: the same team, first person and channel
 * as `npm run say`, so both see one inventory.
 */
export const TEAM = { id: 'T0LOCAL', domain: 'playground', name: 'Playground' } as const

/** The bot's own identity, as `auth.test` tells it. */
export const BOT = { userId: 'U0BOT', botId: 'B0BOT', name: 'Inventory' } as const

export interface Person {
  readonly id: string
  /** What `@handle` in the composer refers to. */
  readonly handle: string
  readonly name: string
  /** Slack's own say (users.info): the workspace's owner, or one of its admins. */
  readonly slack?: 'owner' | 'admin'
}

/**
 * Who can be switched to. Alex owns the workspace (installed the app: the
 * inventory's first admin, and who `npm run say` speaks as); Sam is the admin
 * through ADMIN_USERS unless it names others; Jo is a member, with the
 * workspace's default role.
 */
export const PEOPLE: readonly Person[] = [
  { id: 'U0LOCAL', handle: 'alex', name: 'Alex Rivera', slack: 'owner' },
  { id: 'U0SAM', handle: 'sam', name: 'Sam Okafor' },
  { id: 'U0JO', handle: 'jo', name: 'Jo Lindqvist' },
]
export const DEFAULT_ADMIN = 'U0SAM'

export interface Channel {
  readonly id: string
  readonly name: string
}

/** Channels to talk in and to route alerts to; the bot is a member of each. */
export const CHANNELS: readonly Channel[] = [
  { id: 'C0LOCAL', name: 'warehouse' },
  { id: 'C0PURCHASING', name: 'purchasing' },
  { id: 'C0ALERTS', name: 'stock-alerts' },
]

/** The bot's direct-message channel with a person (what chat.postMessage to a user id posts in). */
export const directChannelOf = (userId: string) => `D${userId.slice(1)}`

/** A person as the page shows them: labels are shown next to the name (their role). */
export interface PersonView extends Person {
  readonly labels: readonly string[]
}

/**
 * The people on the switcher with their labels: their role in the inventory
 * when it is known (`roles`: `clerk`, `manager at north`…), else "admin" for
 * ADMIN_USERS. Every id in ADMIN_USERS is someone to switch to, so the admin
 * rules can be tried whatever the setting.
 */
export function peopleWithLabels(
  adminUsers: readonly string[],
  roles?: ReadonlyMap<string, string>,
): PersonView[] {
  const extra = adminUsers
    .filter((id) => !PEOPLE.some((p) => p.id === id))
    .map((id) => ({ id, handle: id.toLowerCase(), name: id }))
  return [...PEOPLE, ...extra].map((person) => {
    const role = roles?.get(person.id)
    return { ...person, labels: role ? [role] : adminUsers.includes(person.id) ? ['admin'] : [] }
  })
}
