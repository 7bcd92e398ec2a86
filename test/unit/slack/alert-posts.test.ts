import { describe, expect, it } from 'vitest'
import { ALERT_RETRY_POLICY, alertRetryDelayMs } from '../../../src/slack/alert-posts.js'

const policy = { ...ALERT_RETRY_POLICY, firstDelayMs: 30_000, maxDelayMs: 30 * 60_000, maxAttempts: 12 }

describe('when a failed low-stock alert is posted again', () => {
  it('waits 30 s after the first failure, doubling after each, up to 30 minutes', () => {
    const longest = (failures: number) => alertRetryDelayMs(failures, policy, () => 1)
    expect([1, 2, 3, 4, 5, 6, 7, 8, 11].map(longest)).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_800_000, 1_800_000, 1_800_000,
    ])
  })

  it('spreads retries over the upper half of each delay, so the backoff still grows', () => {
    expect(alertRetryDelayMs(1, policy, () => 0)).toBe(15_000)
    expect(alertRetryDelayMs(2, policy, () => 0)).toBe(30_000)
    expect(alertRetryDelayMs(2, policy, () => 0.5)).toBe(45_000)
  })

  it('gives up once the last attempt has failed', () => {
    expect(alertRetryDelayMs(11, policy)).toBeDefined()
    expect(alertRetryDelayMs(12, policy)).toBeUndefined()
    expect(alertRetryDelayMs(13, policy)).toBeUndefined()
  })

  it('by default, gives up after one and a half to three hours of retries', () => {
    const total = (random: () => number) =>
      Array.from({ length: ALERT_RETRY_POLICY.maxAttempts - 1 }, (_, i) =>
        alertRetryDelayMs(i + 1, ALERT_RETRY_POLICY, random),
      ).reduce((sum: number, ms) => sum + (ms ?? 0), 0)
    expect(total(() => 0) / 3_600_000).toBeCloseTo(1.5, 1)
    expect(total(() => 1) / 3_600_000).toBeCloseTo(3, 0)
  })
})
