import { describe, expect, it } from 'vitest'
import { fullJitterDelayMs, withRetry } from '../../../src/resilience/retry.js'
import { transientReason } from '../../../src/resilience/transient.js'

const coded = (code: string, message = code) => Object.assign(new Error(message), { code })

describe('transientReason', () => {
  it.each([
    ['serialization failure', coded('40001')],
    ['deadlock', coded('40P01')],
    ['admin shutdown', coded('57P01')],
    ['connection exception', coded('08006')],
    ['refused connection', coded('ECONNREFUSED')],
    ['reset connection', coded('ECONNRESET')],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect')],
    [
      'Slack 429',
      Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 2 }),
    ],
    ['Slack 503', Object.assign(new Error('HTTP 503'), { statusCode: 503 })],
    ['AMQP channel loss', new Error('Channel closed')],
  ])('retries a %s', (_, error) => {
    expect(transientReason(error)).toBeDefined()
  })

  it.each([
    ['unique violation', coded('23505')],
    ['check violation', coded('23514')],
    ['syntax error', coded('42601')],
    ['Slack platform error', coded('slack_webapi_platform_error')],
    ['Slack 404', Object.assign(new Error('HTTP 404'), { statusCode: 404 })],
    ['plain bug', new TypeError('x is undefined')],
  ])('fails fast on a %s', (_, error) => {
    expect(transientReason(error)).toBeUndefined()
  })

  it('honours Retry-After', () => {
    const error = Object.assign(new Error('rate limited'), {
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 3,
    })
    expect(transientReason(error)?.retryAfterMs).toBe(3000)
  })
})

describe('withRetry', () => {
  it('uses full jitter: random(0, min(cap, base·2^n))', () => {
    const policy = { attempts: 5, baseMs: 100, capMs: 1000 }
    expect(fullJitterDelayMs(0, policy, () => 0.999)).toBe(99)
    expect(fullJitterDelayMs(3, policy, () => 0.5)).toBe(400)
    expect(fullJitterDelayMs(10, policy, () => 0.999)).toBe(999)
    expect(fullJitterDelayMs(10, policy, () => 0)).toBe(0)
  })

  it('retries transient failures up to the attempt limit', async () => {
    let attempts = 0
    const result = await withRetry('postgres', async () => {
      attempts += 1
      if (attempts < 3) throw coded('40001')
      return 'done'
    })
    expect(result).toBe('done')
    expect(attempts).toBe(3)
  })

  it('gives up after the attempt limit with the last error', async () => {
    let attempts = 0
    const policy = { attempts: 3, baseMs: 1, capMs: 2 }
    await expect(
      withRetry(
        'postgres',
        async () => {
          attempts += 1
          throw coded('40P01', `deadlock ${attempts}`)
        },
        policy,
      ),
    ).rejects.toThrow('deadlock 3')
    expect(attempts).toBe(3)
  })

  it('fails fast on anything not in the table', async () => {
    let attempts = 0
    await expect(
      withRetry('postgres', async () => {
        attempts += 1
        throw coded('23505')
      }),
    ).rejects.toThrow('23505')
    expect(attempts).toBe(1)
  })
})
