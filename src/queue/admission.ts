/**
 * In-process mode's bound on changes in flight (MAX_CHANGES_IN_FLIGHT): each
 * change holds a pooled connection while it runs, so past the bound the bot
 * answers "busy" at once rather than letting changes queue for the pool, where
 * they would time out and starve reads of connections.
 */
export interface Admission {
  /** Runs `work` if a place is free and holds it until `work` settles; undefined, and nothing run, when full. */
  run<T>(work: () => Promise<T>): Promise<T> | undefined
  /** Changes running now. */
  readonly inFlight: number
  /** At the bound: the next change would be refused. */
  readonly full: boolean
}

export function createAdmission(maxInFlight: number): Admission {
  let inFlight = 0
  const leave = () => {
    inFlight -= 1
  }
  return {
    run(work) {
      if (inFlight >= maxInFlight) return undefined
      inFlight += 1
      const running = work()
      running.then(leave, leave)
      return running
    },
    get inFlight() {
      return inFlight
    },
    get full() {
      return inFlight >= maxInFlight
    },
  }
}
