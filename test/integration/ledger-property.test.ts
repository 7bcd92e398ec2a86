import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBot, type TestBot } from '../helpers/bot.js'

/**
 * The ledger's invariants under random concurrent use, black-box: commands go
 * in as signed slash commands (the same door Slack uses), so this test holds
 * whatever the write path underneath looks like. The database is only read, to check.
 */
const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_204)
const RUNS = 20

const SKUS = ['PA', 'PB'] as const
const LOCATIONS = ['main', 'shelf'] as const
/** Two people and an admin (who may undo anyone's movement). */
const USERS = ['UPROP1', 'UPROP2', 'UPROPADMIN'] as const

/** One command someone sends, and how it is delivered: once, twice at the same moment, or again later. */
interface Step {
  readonly text: string
  readonly user: string
  readonly delivery: 'once' | 'double' | 'replay'
  /** For a replay: which earlier command is sent again (modulo how many were sent). */
  readonly replayOf: number
}

const quantity = fc.integer({ min: 1, max: 30 })
const sku = fc.constantFrom(...SKUS)
const location = fc.constantFrom(...LOCATIONS)
const command = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(sku, quantity, location).map(([s, q, l]) => `receive ${s} ${q} at ${l}`) },
  { weight: 3, arbitrary: fc.tuple(sku, quantity, location).map(([s, q, l]) => `issue ${s} ${q} from ${l}`) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(sku, quantity, fc.shuffledSubarray([...LOCATIONS], { minLength: 2, maxLength: 2 }))
      .map(([s, q, [from, to]]) => `move ${s} ${q} from ${from} to ${to}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(sku, fc.integer({ min: 0, max: 60 }), location)
      .map(([s, q, l]) => `count ${s} ${q} at ${l}`),
  },
  { weight: 2, arbitrary: fc.tuple(sku, quantity, location).map(([s, q, l]) => `reserve ${s} ${q} at ${l}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 6 }).map((n) => `release R-${n}`) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 16 }).map((n) => `undo ${n}`) },
)
const step: fc.Arbitrary<Step> = fc.record({
  text: command,
  user: fc.constantFrom(...USERS),
  delivery: fc.constantFrom('once', 'once', 'once', 'double', 'replay'),
  replayOf: fc.nat(),
})
/** Steps in concurrent batches: each batch's commands are sent at the same moment. */
const scenario = fc.array(fc.array(step, { minLength: 1, maxLength: 5 }), { minLength: 3, maxLength: 8 })

let bot: TestBot
let runCount = 0
beforeAll(async () => {
  bot = await startTestBot({ env: { ADMIN_USERS: 'UPROPADMIN' } })
})
afterAll(() => bot.stop())

/** Sends every batch concurrently; returns the final answer per trigger (a replay must repeat it). */
async function play(team: string, batches: readonly (readonly Step[])[]) {
  const answers = new Map<string, { text: string; verb: string }>()
  const sent: { trigger: string; step: Step }[] = []
  const send = async (trigger: string, s: Step) => {
    const reply = await bot.answerPastBusy(s.text, { team_id: team, user_id: s.user, trigger_id: trigger })
    const text = String(reply.text ?? '')
    const first = answers.get(trigger)
    if (first) expect(text, `the repeat of ${trigger} (${s.text})`).toBe(first.text)
    else answers.set(trigger, { text, verb: s.text.split(' ')[0] as string })
  }
  for (const [b, batch] of batches.entries()) {
    await Promise.all(
      batch.flatMap((s, i) => {
        const earlier = sent[s.replayOf % Math.max(1, sent.length)]
        if (s.delivery === 'replay' && earlier) return [send(earlier.trigger, earlier.step)]
        const trigger = `${team}.${b}.${i}`
        sent.push({ trigger, step: s })
        return s.delivery === 'double' ? [send(trigger, s), send(trigger, s)] : [send(trigger, s)]
      }),
    )
  }
  return answers
}

async function checkInvariants(team: string, answers: Map<string, { text: string; verb: string }>) {
  const { pool } = bot.db
  // On hand is the sum of the ledger, for every item and location; 0 ≤ reserved ≤ on hand.
  const { rows: balances } = await pool.query(
    `SELECT i.sku, l.code, s.on_hand::int, s.reserved::int,
            coalesce((SELECT sum(ml.delta) FROM movement_lines ml
                      WHERE ml.item_id = s.item_id AND ml.location_id = s.location_id), 0)::int AS ledger,
            coalesce((SELECT sum(r.quantity) FROM reservations r
                      WHERE r.item_id = s.item_id AND r.location_id = s.location_id AND r.status = 'open'), 0)::int AS held
     FROM stock_levels s JOIN items i ON i.id = s.item_id JOIN locations l ON l.id = s.location_id
     WHERE s.team_id = $1`,
    [team],
  )
  for (const b of balances) {
    const where = `${b.sku} at ${b.code}`
    expect(b.on_hand, `on hand = Σ ledger, ${where}`).toBe(b.ledger)
    expect(b.reserved, `reserved ≥ 0, ${where}`).toBeGreaterThanOrEqual(0)
    expect(b.reserved, `reserved ≤ on hand, ${where}`).toBeLessThanOrEqual(b.on_hand)
    expect(b.reserved, `reserved = open reservations, ${where}`).toBe(b.held)
  }
  // Every acknowledged change is in the ledger exactly once; every refusal not at all.
  const { rows: keyed } = await pool.query(
    'SELECT request_key, count(*)::int AS n FROM movements WHERE team_id = $1 GROUP BY request_key',
    [team],
  )
  const movementsOf = new Map(keyed.map((r) => [r.request_key as string, r.n as number]))
  let reserved = 0
  for (const [trigger, { text, verb }] of answers) {
    const applied = !text.startsWith(':warning:')
    const changesLedger = ['receive', 'issue', 'move', 'count', 'undo'].includes(verb)
    expect(movementsOf.get(`cmd:${trigger}`) ?? 0, `${verb} ${trigger}: ${text}`).toBe(
      applied && changesLedger ? 1 : 0,
    )
    if (verb === 'reserve' && applied) reserved += 1
  }
  const { rows: holds } = await pool.query('SELECT count(*)::int AS n FROM reservations WHERE team_id = $1', [
    team,
  ])
  expect(holds[0].n, 'every acknowledged reservation exactly once').toBe(reserved)
}

describe('the ledger, under random concurrent commands from several people', () => {
  it('keeps on hand = Σ ledger, 0 ≤ reserved ≤ on hand, and every acknowledged change exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (batches) => {
        runCount += 1
        const team = `TPROP${runCount}`
        const admin = { team_id: team, user_id: 'UPROPADMIN' }
        // Set-up: two items with stock at two locations, and no confirmation prompts (this is not about them).
        for (const text of [
          'settings confirm-above 1000000',
          ...SKUS.map((s) => `new ${s} Property part`),
          'location new shelf',
          ...SKUS.flatMap((s) => [`receive ${s} 40 at main`, `receive ${s} 20 at shelf`]),
        ])
          expect((await bot.answer(text, admin)).text).not.toMatch(/^:warning:/)
        const answers = await play(team, batches)
        await checkInvariants(team, answers)
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    )
  }, 240_000)
})
