import { randomUUID } from 'node:crypto'
import { BOT, TEAM } from './people.js'
import { type Json, withBlockIds } from './workspace.js'

/** A modal or an App Home the bot showed someone. `spec` is what the bot sent, with block ids filled in. */
export interface View {
  readonly id: string
  readonly hash: string
  readonly user: string
  readonly spec: Json
  readonly rootViewId: string
  readonly previousViewId?: string
}

/** Slack allows three views on a modal's stack. */
const MAX_STACK = 3

type Result = View | { error: string }

/**
 * Modals (a stack per person, opened with a trigger_id that can be used once)
 * and App Homes (one per person), with Slack's errors for what it would refuse.
 */
export function createViews(changed: () => void) {
  const stacks = new Map<string, View[]>()
  const homes = new Map<string, View>()
  const triggers = new Map<string, { user: string; used: boolean }>()
  let counter = 0

  const make = (user: string, spec: Json, previous?: View): View => {
    counter += 1
    const id = `V${String(counter).padStart(10, '0')}`
    return {
      id,
      hash: `${Date.now()}.${randomUUID().slice(0, 8)}`,
      user,
      spec: { ...spec, blocks: withBlockIds(spec.blocks as Json[] | undefined) },
      rootViewId: previous?.rootViewId ?? id,
      ...(previous ? { previousViewId: previous.id } : {}),
    }
  }
  const stackOf = (user: string) => stacks.get(user) ?? []
  const setStack = (user: string, stack: View[]) => {
    stacks.set(user, stack)
    changed()
  }
  const exchange = (triggerId: unknown): { user: string } | { error: string } => {
    const trigger = typeof triggerId === 'string' ? triggers.get(triggerId) : undefined
    if (!trigger) return { error: 'invalid_trigger_id' }
    if (trigger.used) return { error: 'exchanged_trigger_id' }
    trigger.used = true
    return trigger
  }
  const findModal = (id: string) => [...stacks.values()].flat().find((v) => v.id === id)

  /** A view on top of the person's open modal (views.push, or response_action `push`). */
  const pushOn = (user: string, spec: Json): Result => {
    const stack = stackOf(user)
    if (!stack.length) return { error: 'not_found' }
    if (stack.length >= MAX_STACK) return { error: 'push_limit_reached' }
    const view = make(user, spec, stack.at(-1))
    setStack(user, [...stack, view])
    return view
  }

  /** Puts `spec` in place of a view (same id, new hash). */
  const replace = (old: View, spec: Json): View => {
    const view: View = {
      ...make(old.user, spec),
      id: old.id,
      rootViewId: old.rootViewId,
      ...(old.previousViewId ? { previousViewId: old.previousViewId } : {}),
    }
    if (old.spec.type === 'home') {
      homes.set(old.user, view)
      changed()
    } else
      setStack(
        old.user,
        stackOf(old.user).map((v) => (v.id === old.id ? view : v)),
      )
    return view
  }

  return {
    /** A trigger_id for an interaction by `user`: lets the bot open one modal for them. */
    trigger(user: string): string {
      const id = `${Date.now()}.${randomUUID()}`
      triggers.set(id, { user, used: false })
      return id
    },

    open(triggerId: unknown, spec: Json): Result {
      if (spec.type !== 'modal') return { error: 'invalid_arguments' }
      const trigger = exchange(triggerId)
      if ('error' in trigger) return trigger
      const view = make(trigger.user, spec)
      setStack(trigger.user, [view])
      return view
    },

    push(triggerId: unknown, spec: Json): Result {
      if (spec.type !== 'modal') return { error: 'invalid_arguments' }
      const trigger = exchange(triggerId)
      return 'error' in trigger ? trigger : pushOn(trigger.user, spec)
    },
    pushOn,
    replace,

    /** views.update: by view id or external id; a stale hash is refused, as Slack does. */
    update(ref: { viewId?: unknown; externalId?: unknown; hash?: unknown }, spec: Json): Result {
      const all = [...[...stacks.values()].flat(), ...homes.values()]
      const old = all.find((v) =>
        ref.viewId ? v.id === ref.viewId : ref.externalId && v.spec.external_id === ref.externalId,
      )
      if (!old) return { error: 'not_found' }
      if (ref.hash && ref.hash !== old.hash) return { error: 'hash_conflict' }
      if (spec.type !== old.spec.type) return { error: 'invalid_arguments' }
      return replace(old, spec)
    },

    publish(user: string, spec: Json, hash?: unknown): Result {
      if (spec.type !== 'home') return { error: 'invalid_arguments' }
      const old = homes.get(user)
      if (hash && old && hash !== old.hash) return { error: 'hash_conflict' }
      if (old) return replace(old, spec)
      const view = make(user, spec)
      homes.set(user, view)
      changed()
      return view
    },

    /** Closes one view (an empty ack, or the person pressing Close); the one below shows again. */
    pop(user: string, viewId: string): void {
      setStack(
        user,
        stackOf(user).filter((v) => v.id !== viewId),
      )
    },
    clear: (user: string) => setStack(user, []),

    modals: (user: string) => stackOf(user),
    home: (user: string) => homes.get(user),
    find: (id: string) => findModal(id) ?? [...homes.values()].find((v) => v.id === id),
  }
}

export type Views = ReturnType<typeof createViews>

/** A view as Slack sends it to the bot (in payloads and in views.* answers), with the inputs' state. */
export function viewPayload(view: View, values: Json = {}): Json {
  return {
    team_id: TEAM.id,
    callback_id: '',
    private_metadata: '',
    external_id: '',
    clear_on_close: false,
    notify_on_close: false,
    ...view.spec,
    id: view.id,
    hash: view.hash,
    state: { values },
    root_view_id: view.rootViewId,
    previous_view_id: view.previousViewId ?? null,
    app_id: 'A0PLAYGROUND',
    bot_id: BOT.botId,
  }
}
