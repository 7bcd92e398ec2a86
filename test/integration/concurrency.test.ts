import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBot, type TestBot } from '../helpers/bot.js'
import { expectLedgerBalanced } from '../helpers/ledger.js'

let one: TestBot
let two: TestBot

beforeAll(async () => {
  one = await startTestBot()
  // A second, identical instance on the same database: the bot is stateless.
  two = await startTestBot({ db: one.db, slack: one.slack })
})
afterAll(async () => {
  await two.stop()
  await one.stop()
})

const onHand = async (sku: string) => (await one.answer(`stock ${sku}`)).text.match(/: (\d+) on hand/)?.[1]

describe('concurrent changes', () => {
  it('50 simultaneous issues of 1 against 20 on hand, across two instances: exactly 20 succeed', async () => {
    await one.answer('new RACE Contended part')
    await one.answer('receive RACE 20')
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? one : two).answerPastBusy('issue RACE 1', { user_id: `U${i}` }),
      ),
    )
    const issued = replies.filter((r) => /issued 1 RACE/.test(r.text))
    const refused = replies.filter((r) => r.text.includes('only 0 available at main'))
    expect(issued).toHaveLength(20)
    expect(refused).toHaveLength(30)
    expect(await onHand('RACE')).toBe('0')
    const numbers = issued.map((r) => Number(r.text.match(/^#(\d+)/)?.[1]))
    expect(new Set(numbers).size).toBe(20)
    await expectLedgerBalanced(one.db.pool)
  })

  it('opposite moves between two locations never deadlock and never lose stock', async () => {
    await one.answer('new SWAP Swapped part')
    await one.answer('location new left')
    await one.answer('location new right')
    await one.answer('receive SWAP 30 at left')
    await one.answer('receive SWAP 30 at right')
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? one : two).answerPastBusy(
          i % 2 ? 'move SWAP 1 from left to right' : 'move SWAP 1 from right to left',
        ),
      ),
    )
    expect(replies.filter((r) => /moved 1 SWAP/.test(r.text))).toHaveLength(40)
    expect(await onHand('SWAP')).toBe('60')
    await expectLedgerBalanced(one.db.pool)
  })

  it('racing undos of one movement reverse it exactly once', async () => {
    await one.answer('new UNDO Undone part')
    const number = (await one.answer('receive UNDO 5')).text.match(/^#(\d+)/)?.[1]
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).answerPastBusy(`undo ${number}`)),
    )
    expect(replies.filter((r) => r.text.includes(`undid #${number}`))).toHaveLength(1)
    expect(replies.filter((r) => r.text.includes('was already undone'))).toHaveLength(9)
    expect(await onHand('UNDO')).toBe('0')
  })

  it('racing reservations never reserve more than is on hand', async () => {
    await one.answer('new HOLD Held part')
    await one.answer('receive HOLD 10')
    const replies = await Promise.all(
      Array.from({ length: 25 }, (_, i) => (i % 2 ? one : two).answerPastBusy('reserve HOLD 1')),
    )
    expect(replies.filter((r) => /reserved 1 HOLD/.test(r.text))).toHaveLength(10)
    expect((await one.answer('stock HOLD')).text).toMatch(
      /^HOLD Held part: 10 on hand, 0 available · 10 reserved/,
    )
    await expectLedgerBalanced(one.db.pool)
  })

  it('concurrent counts and issues keep the ledger equal to the balances', async () => {
    await one.answer('new MIX Mixed part')
    await one.answer('receive MIX 100')
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? one : two).answerPastBusy(
          i % 3 === 0 ? `count MIX ${50 + i}` : i % 3 === 1 ? 'issue MIX 2' : 'receive MIX 3',
        ),
      ),
    )
    await expectLedgerBalanced(one.db.pool)
  })

  it('ten instances migrating at once apply each migration once', async () => {
    const { migrate } = await import('../../src/db/migrate.js')
    const { createLogger } = await import('../../src/logger.js')
    const applied = await Promise.all(
      Array.from({ length: 10 }, () => migrate(one.db.pool, createLogger('silent'))),
    )
    expect(applied.flat()).toEqual([])
    const { rows } = await one.db.pool.query('SELECT count(*)::int AS n FROM schema_migrations')
    expect(rows[0].n).toBeGreaterThan(0)
  })
})
