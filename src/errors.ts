import { transientReason } from './resilience/transient.js'

/**
 * Every error the bot can report, as a code. Wording for each code lives in
 * `slack/wording/errors.ts` (`ERRORS`, one row per code) and nowhere else.
 */
export type ErrorCode =
  | 'USAGE'
  | 'UNKNOWN_VERB'
  | 'BAD_QUANTITY'
  | 'BAD_SKU'
  | 'BAD_LOCATION_CODE'
  | 'BAD_CHANNEL'
  | 'UNKNOWN_ITEM'
  | 'UNKNOWN_LOCATION'
  | 'ITEM_EXISTS'
  | 'LOCATION_EXISTS'
  | 'ITEM_ARCHIVED'
  | 'SAME_LOCATION'
  | 'INSUFFICIENT_STOCK'
  | 'BELOW_RESERVED'
  | 'UNKNOWN_MOVEMENT'
  | 'ALREADY_UNDONE'
  | 'NOT_UNDOABLE'
  | 'UNDO_WOULD_GO_NEGATIVE'
  /** Kept for refusals stored before roles existed (a replay shows them as they were). */
  | 'NOT_ALLOWED'
  | 'NEEDS_ROLE'
  | 'LAST_ADMIN'
  | 'BREAK_GLASS_ADMIN'
  | 'ADMIN_EVERYWHERE'
  | 'BAD_USER'
  | 'BAD_ROLE'
  | 'UNKNOWN_RESERVATION'
  | 'RESERVATION_CLOSED'
  | 'RESERVATION_MISMATCH'
  | 'UNKNOWN_REQUEST'
  | 'REQUEST_NOT_APPROVED'
  | 'REQUEST_MISMATCH'
  | 'REQUEST_DECIDED'
  | 'OWN_REQUEST'
  | 'UNKNOWN_PENDING'
  | 'PENDING_DECIDED'
  | 'PENDING_EXPIRED'
  | 'NOT_YOURS'
  | 'QUESTION_CLOSED'
  | 'ALERT_CLEARED'
  | 'JOB_FAILED'
  | 'UNKNOWN_DEAD_LETTER'
  | 'DEAD_LETTER_RESOLVED'
  | 'DEAD_LETTER_MALFORMED'
  | 'QUEUE_MODE_OFF'
  | 'UNAVAILABLE'
  | 'NOT_ACCEPTED'
  | 'NOT_CONFIRMED'
  | 'BUSY'
  | 'MALFORMED_REQUEST'
  | 'INTERNAL'

/** Values a reply may quote: SKUs, location codes, quantities, numbers. */
export type ErrorDetails = Readonly<Record<string, string | number>>

/** An error with a code the user can be told about; `details` fill in the wording. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details: ErrorDetails

  constructor(code: ErrorCode, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(`${code}${Object.keys(details).length ? ` ${JSON.stringify(details)}` : ''}`, options)
    this.name = new.target.name
    this.code = code
    this.details = details
  }
}

/** The text could not be understood: nothing was attempted. */
export class InputError extends AppError {}

/**
 * The inventory rules refused the change (not enough stock, unknown item, …).
 * Nothing changed; the refusal is a result like any other and is stored against
 * the request key, so a repeated request answers the same way.
 */
export class RefusedError extends AppError {}

/** A dependency (Postgres, RabbitMQ) could not be reached; nothing was changed. */
export class UnavailableError extends AppError {
  constructor(details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super('UNAVAILABLE', details, options)
  }
}

/** A bug or an unexpected failure; the user gets a short apology, the log gets the cause. */
export class InternalError extends AppError {
  constructor(options?: { cause?: unknown }) {
    super('INTERNAL', {}, options)
  }
}

/**
 * Normalises anything thrown into an AppError, keeping the original as
 * `cause`. A failure the retry table calls transient (its retries exhausted)
 * means a dependency is unavailable; anything else is internal.
 */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  if (transientReason(error)) return new UnavailableError({}, { cause: error })
  return new InternalError({ cause: error })
}
