import type { ErrorCode, ErrorDetails } from '../errors.js'
import type { ReadAction } from './commands.js'
import type { Access, DefaultRole, Role } from './roles.js'

/** What every reply is built from: plain, serialisable data (stored for replays, sent through queues). */
export interface ItemRef {
  readonly sku: string
  readonly name: string
}

export interface MovementLine {
  readonly location: string
  readonly delta: number
  readonly onHand: number
}

export type MovementKind = 'receive' | 'issue' | 'move' | 'count' | 'undo'

export interface MovementResult {
  readonly kind: 'movement'
  readonly verb: MovementKind
  readonly movement: number
  readonly item: ItemRef
  readonly quantity: number
  readonly lines: readonly MovementLine[]
  readonly note?: string
  /** The reservation an issue consumed. */
  readonly reservation?: number
  /** The reorder request a receipt closed. */
  readonly closedRequest?: RequestSummary
  /** For an undo: the movement it reversed, as it was (to update its message). */
  readonly undoOf?: {
    readonly movement: number
    readonly verb: MovementKind
    readonly actor: string
    readonly lines: readonly MovementLine[]
    readonly note?: string
  }
  /** For an undo: what the undone movement had closed, open again (or, for a reservation, why not). */
  readonly reopened?: Reopened
  /** The item went to or below its reorder point with this change: post one alert. */
  readonly alert?: AlertNotice
}

/** What an undo re-opened: the request its receipt closed, or the reservation its issue consumed. */
export interface Reopened {
  /** Approved again, as it was before the receipt (to update its message). */
  readonly request?: RequestSummary
  readonly reservation?: {
    readonly reservation: number
    readonly quantity: number
    readonly location: string
    /**
     * False when holding it again would reserve more than is there: it stays consumed, and
     * `available` says what is available at its location now.
     */
    readonly reopened: boolean
    readonly available?: number
  }
}

/** A low-stock alert to post once the change is committed. */
export interface AlertNotice {
  readonly sku: string
  readonly name: string
  readonly onHand: number
  readonly reorderPoint: number
  readonly channelId: string
  /** Who routed alerts to that channel: told when the bot cannot post there. */
  readonly setBy: string
}

export interface ReservationResult {
  readonly kind: 'reservation' | 'released'
  readonly reservation: number
  readonly item: ItemRef
  readonly quantity: number
  readonly location: string
  readonly onHand: number
  readonly available: number
  readonly ref?: string
}

export interface ItemResult {
  readonly kind: 'item'
  readonly change: 'created' | 'min' | 'renamed' | 'archived' | 'restored'
  readonly item: ItemRef & { readonly reorderPoint: number }
  /** A new reorder point at or above what is on hand: post one alert. */
  readonly alert?: AlertNotice
}

export interface LocationResult {
  readonly kind: 'location'
  readonly code: string
  readonly name: string
}

/** A big change, tried and rolled back: it waits for Confirm. */
export interface ConfirmResult {
  readonly kind: 'confirm'
  readonly pending: string
  readonly threshold: number
  readonly preview: MovementResult
}

export interface RequestSummary {
  readonly request: number
  readonly item: ItemRef
  readonly quantity: number
  readonly supplier?: string
  readonly note?: string
  readonly requestedBy: string
  readonly status: 'pending' | 'approved' | 'rejected' | 'received'
  readonly decidedBy?: string
  readonly decidedAt?: string
  readonly receivedMovement?: number
  readonly createdAt: string
  /** Where the request message was posted (to update it). */
  readonly channelId?: string
  readonly messageTs?: string
}

export type ChangeResult =
  | MovementResult
  | ReservationResult
  | ItemResult
  | LocationResult
  | ConfirmResult
  | { readonly kind: 'cancelled'; readonly pending: string; readonly preview?: MovementResult }
  | {
      readonly kind: 'request'
      readonly change: 'created' | 'approved' | 'rejected'
      readonly request: RequestSummary
    }
  | {
      readonly kind: 'alert-state'
      readonly change: 'snoozed' | 'ordered'
      readonly item: ItemRef & { readonly onHand: number; readonly reorderPoint: number }
      readonly until?: string
    }
  | {
      readonly kind: 'settings-changed'
      readonly confirmAbove?: number
      readonly defaultRole?: DefaultRole
    }
  | RoleResult
  | { readonly kind: 'alert-route'; readonly channelId?: string; readonly location?: string }

/** A grant given (`role @user ROLE [at LOC,…]`) or taken away (`role @user none`). */
export interface RoleResult {
  readonly kind: 'role'
  readonly change: 'granted' | 'revoked'
  readonly user: string
  /** The grant's role, or for a revoke the workspace's default role they now have. */
  readonly role: Role
  readonly locations?: readonly string[]
}

/** One person's grant, as `roles` lists it. */
export interface RoleGrantSummary {
  readonly user: string
  readonly role: Role
  readonly locations?: readonly string[]
  readonly grantedBy: string
  readonly grantedAt: string
}

/** One entry of the audit trail, as `audit` shows it. */
export interface AuditRecord {
  readonly id: number
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly subject?: string
  readonly before?: Readonly<Record<string, unknown>>
  readonly after?: Readonly<Record<string, unknown>>
  readonly details?: Readonly<Record<string, unknown>>
}

export interface Level {
  readonly location: string
  readonly onHand: number
  readonly reserved: number
  readonly available: number
}

export interface StockResult {
  readonly kind: 'stock'
  readonly item: ItemRef & { readonly reorderPoint: number; readonly archived: boolean }
  readonly levels: readonly Level[]
  readonly total: Omit<Level, 'location'>
  /** What the person who asked may do: the card shows them only the buttons they can use. */
  readonly access?: Access
}

export interface ItemSummary extends ItemRef {
  readonly onHand: number
  readonly available: number
  readonly reorderPoint: number
}

export interface HistoryEntry {
  readonly movement: number
  readonly verb: MovementKind
  /** ISO 8601 */
  readonly at: string
  readonly actor: string
  readonly quantity: number
  readonly note?: string
  readonly lines: readonly MovementLine[]
  readonly undoOf?: number
  readonly undoneBy?: number
}

export interface ReservationSummary {
  readonly reservation: number
  readonly item: ItemRef
  readonly quantity: number
  readonly location: string
  readonly ref?: string
  readonly by: string
  readonly at: string
}

export type ReadResult =
  | { readonly kind: 'help' }
  | StockResult
  | { readonly kind: 'find'; readonly text: string; readonly items: readonly ItemSummary[] }
  | { readonly kind: 'low'; readonly items: readonly ItemSummary[] }
  | { readonly kind: 'history'; readonly item: ItemRef; readonly entries: readonly HistoryEntry[] }
  | { readonly kind: 'locations'; readonly locations: readonly { code: string; name: string }[] }
  | {
      readonly kind: 'reservations'
      readonly sku?: string
      readonly reservations: readonly ReservationSummary[]
    }
  | { readonly kind: 'orders'; readonly requests: readonly RequestSummary[] }
  | {
      readonly kind: 'settings'
      readonly confirmAbove: number
      readonly defaultRole: DefaultRole
      readonly routes: readonly { readonly channelId: string; readonly location?: string }[]
    }
  | {
      readonly kind: 'export'
      readonly filename: string
      readonly title: string
      readonly csv: string
      readonly rows: number
      /** Sent to the person who asked, in their direct messages, rather than to the channel. */
      readonly private?: boolean
    }
  | {
      readonly kind: 'roles'
      readonly defaultRole: DefaultRole
      readonly grants: readonly RoleGrantSummary[]
      /** ADMIN_USERS: admins whatever a grant says. */
      readonly breakGlass: readonly string[]
    }
  | {
      readonly kind: 'audit'
      readonly filter?: { readonly user?: string; readonly sku?: string; readonly denials?: boolean }
      readonly entries: readonly AuditRecord[]
    }

/** What the App Home shows one person; each list holds one row more than asked when there are more. */
export interface HomeSnapshot {
  /** What they may do: the Home shows only the buttons they can use. */
  readonly access: Access
  readonly low: readonly ItemSummary[]
  readonly requests: readonly RequestSummary[]
  readonly reservations: readonly ReservationSummary[]
  readonly movements: readonly (HistoryEntry & { readonly sku: string })[]
}

/** How many rows of each App Home list to show. */
export interface HomeLimits {
  readonly low: number
  readonly requests: number
  readonly reservations: number
  readonly movements: number
}

/** What a form about one item needs: the item, its stock per location, and the workspace's locations. */
export interface ItemForm {
  readonly item: {
    readonly sku: string
    readonly name: string
    readonly onHand: number
    readonly available: number
    readonly reorderPoint: number
    readonly reorderQuantity: number | null
    readonly archived: boolean
  }
  readonly levels: readonly Level[]
  readonly locations: readonly { code: string; name: string }[]
  /** Where the item has the most available: the form's default location. */
  readonly bestLocation: string
  /** What the person who opens the form may do (a form reads it with the item, in the same query). */
  readonly access: Access
}

/** A job that could not be applied, as recorded from the dead-letter queue. */
export interface DeadLetter {
  readonly id: number
  readonly teamId: string | null
  readonly requestKey: string | null
  /** The original message body, verbatim. */
  readonly payload: string
  readonly reason: string
  readonly deliveries: number
  readonly status: 'dead' | 'replayed' | 'dropped'
  readonly createdAt: string
}

export type AdminResult =
  | { readonly kind: 'dead-letters'; readonly letters: readonly DeadLetter[] }
  | { readonly kind: 'dead-letter'; readonly letter: DeadLetter }
  | { readonly kind: 'dead-letter-resolved'; readonly letter: DeadLetter }

/** An item to choose, with what is available at the location in question (or in total). */
export interface ItemChoice extends ItemRef {
  readonly available: number
}

/** A location to choose, with what is available there of the item in question (when there is one). */
export interface LocationChoice {
  readonly code: string
  readonly name: string
  readonly available?: number
}

/**
 * "Which one?": a reference named several items (or locations), so nothing was
 * done. The person picks one of at most five: the pick answers `question` (a
 * change waiting in the database) or runs `read` with the item picked.
 */
export type ChooseResult = {
  readonly kind: 'choose'
  /** The words that named several. */
  readonly given: string
  /** Where an item option's `available` counts (absent: at every location). */
  readonly at?: string
  readonly question?: string
  readonly read?: ReadAction
} & (
  | { readonly field: 'sku'; readonly options: readonly ItemChoice[] }
  | { readonly field: 'location' | 'from' | 'to'; readonly options: readonly LocationChoice[] }
)

export type Result = ChangeResult | ReadResult | AdminResult | ChooseResult

/** The answer to a command: a result, or a refusal with the reason. */
export type Outcome =
  | {
      readonly ok: true
      readonly result: Result
      /** Served from the replica: may be a little out of date. */
      readonly stale?: boolean
      /** A repeat of a request already applied: its side effects (alerts) happened the first time. */
      readonly replayed?: boolean
      /** Whether the person who asked opens the App Home: read with the change, so its refresh needs no lookup. */
      readonly opensHome?: boolean
    }
  | { readonly ok: false; readonly code: ErrorCode; readonly details: ErrorDetails }
