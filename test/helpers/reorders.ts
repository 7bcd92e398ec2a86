import { ACTIONS, VIEWS } from '../../src/slack/blocks/index.js'
import type { TestBot } from './bot.js'
import { eventually } from './eventually.js'
import { buildViewSubmission } from './payloads.js'

/** A reorder request, as its message was posted: its number, and where (to find its chat.update). */
export interface PostedRequest {
  readonly request: number
  readonly channel: string
  readonly ts: string
}

/**
 * A reorder request made as people make one (Reorder → the form → posted in `channel`), approved by
 * `approver` (a manager) with Approve on its message; works in-process and in queue mode.
 */
export async function approvedRequest(
  bot: TestBot,
  options: { sku: string; quantity: number; channel: string; approver: string },
): Promise<PostedRequest> {
  const opens = bot.slack.calls({ kind: 'api', name: 'views.open' }).length
  await bot.click(ACTIONS.reorder, options.sku, { channel: options.channel })
  const opened = await bot.slack.waitFor({ kind: 'api', name: 'views.open' }, opens + 1)
  const view = opened.at(-1)?.body.view as { private_metadata: string }
  await bot.interact(
    buildViewSubmission({
      callbackId: VIEWS.reorder,
      privateMetadata: view.private_metadata,
      values: { quantity: { value: String(options.quantity) } },
    }),
  )
  const posted = await eventually(() =>
    bot.slack
      .calls({ kind: 'api', name: 'chat.postMessage' })
      .find(
        (c) =>
          c.body.channel === options.channel &&
          new RegExp(`^REQ-\\d+: ${options.quantity} ${options.sku} `).test(String(c.body.text)),
      ),
  )
  const request = Number(String(posted.body.text).match(/^REQ-(\d+)/)?.[1])
  const ts = await eventually(async () => {
    const { rows } = await bot.db.pool.query(
      "SELECT message_ts FROM reorder_requests WHERE team_id = 'T0001' AND number = $1",
      [request],
    )
    return rows[0]?.message_ts as string | null
  })
  const approve = await bot.click(ACTIONS.approve, String(request), {
    user: options.approver,
    channel: options.channel,
  })
  const [approved] = await bot.slack.waitFor({ kind: 'response', name: approve.responseId })
  if (!String(approved?.body.text).includes('approved by'))
    throw new Error(`REQ-${request} was not approved: ${String(approved?.body.text)}`)
  return { request, channel: options.channel, ts }
}
