/** Small helpers for work that runs on after its caller returned: time limits, and waiting for it at shutdown. */

/** Resolves with the value if it settles within `ms`, else with undefined (the promise keeps running). */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Keeps background work visible so shutdown can wait for it. */
export function createTracker() {
  const pending = new Set<Promise<unknown>>()
  return {
    track(work: Promise<unknown>) {
      pending.add(work)
      void work.finally(() => pending.delete(work))
    },
    async drain(timeoutMs: number) {
      await within(Promise.allSettled([...pending]), timeoutMs)
    },
  }
}
