import { App } from '@slack/bolt'
import pg from 'pg'

/**
 * The plain Bolt + pg app a user could write in an afternoon, for `npm run
 * bench` to load beside the bot: `/inventory issue SKUnnnn N` runs pgbench's
 * movement transaction (`pgbench/movement.sql`, on its tables) before the ack.
 * No request keys, roles, naming, alerts or retries: the floor for one HTTP
 * command that changes stock.
 */

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 16 })
const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET as string,
  authorize: async () => ({ botToken: 'xoxb-plain', botId: 'B0', botUserId: 'U0' }),
  customRoutes: [{ path: '/readyz', method: ['GET'], handler: (_req, res) => res.end('ok') }],
})

app.command('/inventory', async ({ command, ack }) => {
  const [, sku = '', qty = '1'] = command.text.split(' ')
  // SKU0000 is item 1, as HOT is: pgbench's hot run uses item 1 too.
  const item = sku === 'HOT' ? 1 : Number(sku.slice(3)) + 1
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const updated = await client.query(
      'UPDATE bench_stock SET on_hand = on_hand - $2 WHERE item_id = $1 AND on_hand >= $2',
      [item, qty],
    )
    if (updated.rowCount === 0) {
      await client.query('ROLLBACK')
      await ack({ text: `:warning: not enough ${sku}` })
      return
    }
    const { rows } = await client.query(
      'INSERT INTO bench_ledger (item_id, delta) VALUES ($1, -$2::bigint) RETURNING id',
      [item, qty],
    )
    await client.query('COMMIT')
    await ack({ response_type: 'ephemeral', text: `#${rows[0].id} issued ${qty} ${sku}` })
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
})

await app.start(Number(process.env.PORT))
process.on('SIGTERM', () =>
  app
    .stop()
    .then(() => pool.end())
    .then(() => process.exit(0)),
)
