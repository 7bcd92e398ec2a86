import { type Command, isChange } from '../inventory/commands.js'
import type { AlertNotice, ChangeResult, MovementResult, Outcome } from '../inventory/results.js'
import type { InventoryService } from '../inventory/service.js'
import type { Logger } from '../logger.js'
import { type AlertPoster, CANNOT_POST } from './alert-posts.js'
import {
  errorMessage,
  movementMessage,
  outcomeMessage,
  requestMessage,
  type SlackMessage,
  section,
  stockCard,
  undoneMessage,
} from './blocks/index.js'
import type { DeliveryRecords } from './delivery-records.js'
import type { HomePublisher } from './home-publisher.js'
import { type Responder, slackErrorCode } from './responder.js'
import { type SlackApi, workspaceOf } from './webapi.js'
import {
  ALERT_POST_FAILED,
  alertsRoutedHere,
  deadLetterNotice,
  movementText,
  requestReopenedNote,
} from './wording/index.js'

export interface Deliverer {
  /** Delivers an outcome where its command came from (see `Origin`), then does what the change implies. */
  deliver(command: Command, outcome: Outcome): Promise<void>
  /** What follows a change, once committed: its low-stock alert, request messages, the person's Home. */
  afterChange(command: Command, outcome: Outcome): Promise<void>
  /** A queued command was dead-lettered: its "working on it" says so, and each admin is told by direct message. */
  deadLettered(
    letter: { id: number; teamId: string | undefined; reason: string; deliveries: number },
    command: Command | undefined,
  ): Promise<void>
}

/**
 * Where answers go. A slash command's answer replaces its "working on it"; a
 * button's answer updates the message it was on (an undone movement says who
 * undid it; where Slack no longer allows that, the undo is posted instead); a
 * modal's change is posted to its channel and refreshes the card that opened
 * it; a Home button's answer refreshes the Home. Refusals go to the person only.
 */
export function createDeliverer(deps: {
  responder: Responder
  api: SlackApi
  /** Reads the stock card it refreshes. */
  service: Pick<InventoryService, 'read'>
  records: DeliveryRecords
  alerts: AlertPoster
  home: HomePublisher
  admins: readonly string[]
  logger: Logger
}): Deliverer {
  const { responder, logger } = deps

  async function present(command: Command, outcome: Outcome): Promise<void> {
    const message = outcomeMessage(outcome, command.userId, Date.now())
    const origin = command.origin
    // A slash command's answer replaces its "working on it"; a pick's replaces the question ("which one?").
    if (origin.kind === 'slash' || origin.kind === 'question')
      return responder.reply(command, { ...message, replace_original: true })
    if (!outcome.ok || !isChange(command.action)) {
      // A refusal (or a read): for the person only, never replacing the message that was clicked.
      await responder.reply(command, { ...message, response_type: 'ephemeral', replace_original: false })
      return
    }
    const result = outcome.result as ChangeResult
    if (origin.kind === 'message') return presentOnMessage(command, result, message)
    if (origin.kind === 'modal') return presentFromModal(command, result, message, origin.cardResponseUrl)
  }

  async function presentOnMessage(command: Command, result: ChangeResult, message: SlackMessage) {
    const replace = (m: SlackMessage, fallback?: SlackMessage) =>
      responder.reply(command, { ...m, replace_original: true }, fallback)
    if (result.kind === 'movement' && result.undoOf)
      return replace(undoneMessage(result, command.userId), movementMessage(result, command.userId))
    if (result.kind === 'movement') {
      // A confirmed change: the prompt says so, and the channel sees the movement.
      await replace({
        response_type: 'ephemeral',
        text: `Confirmed: ${movementText(result, command.userId)}`,
      })
      await responder.reply(command, { ...message, replace_original: false })
      return
    }
    if (result.kind === 'request') return replace(requestMessage(result.request))
    return replace(message)
  }

  async function presentFromModal(
    command: Command,
    result: ChangeResult,
    message: SlackMessage,
    card?: string,
  ) {
    if (result.kind !== 'request') await responder.post({ ...command, responseUrl: card }, message)
    if (card && result.kind === 'movement') await refreshCard(command, result, card)
  }

  async function refreshCard(command: Command, result: MovementResult, cardResponseUrl: string) {
    const outcome = await deps.service.read({ ...command, action: { verb: 'stock', sku: result.item.sku } })
    if (outcome.ok && outcome.result.kind === 'stock')
      await responder.reply(
        { ...command, responseUrl: cardResponseUrl },
        { ...stockCard(outcome.result), replace_original: true },
      )
  }

  /** Once per alert: a replayed or redelivered change finds it claimed or posted. */
  async function postAlert(command: Command, alert: AlertNotice) {
    const claim = await deps.records.claimAlertPost(command.teamId, alert.sku)
    if (claim) await deps.alerts.post(workspaceOf(command), claim, alert)
  }

  async function afterChange(command: Command, outcome: Outcome): Promise<void> {
    // A refusal, a read, or a question ("which one?") changed nothing.
    if (!outcome.ok || !isChange(command.action) || outcome.result.kind === 'choose') return
    const result = outcome.result as ChangeResult
    const steps: Promise<unknown>[] = [refreshHome(command, outcome.opensHome)]
    if ((result.kind === 'movement' || result.kind === 'item') && result.alert)
      steps.push(postAlert(command, result.alert))
    if (result.kind === 'movement') steps.push(updateRequest(command, result))
    if (result.kind === 'request' && result.change === 'created' && !outcome.replayed)
      steps.push(
        responder.post(command, requestMessage(result.request)).then(async ({ channel, ts }) => {
          if (channel && ts)
            await deps.records.requestPosted(command.teamId, result.request.request, channel, ts)
        }),
      )
    if (result.kind === 'request' && result.change !== 'created' && command.origin.kind !== 'message') {
      const { channelId, messageTs } = result.request
      if (channelId && messageTs)
        steps.push(responder.update(command, channelId, messageTs, requestMessage(result.request)))
    }
    if (result.kind === 'alert-route' && result.channelId && !outcome.replayed)
      steps.push(announceRoute(command, result.channelId, result.location))
    const failures = (await Promise.allSettled(steps)).filter((s) => s.status === 'rejected')
    for (const failure of failures)
      logger.warn({ err: (failure as PromiseRejectedResult).reason }, 'a follow-up of a change failed')
  }

  /** The message of the request a receipt closed, or its undo re-opened, shows the request as it is now. */
  async function updateRequest(command: Command, result: MovementResult) {
    const reopened = result.reopened?.request
    const request = result.closedRequest ?? reopened
    if (!request?.channelId || !request.messageTs) return
    const note =
      reopened && result.undoOf ? requestReopenedNote(result.undoOf.movement, command.userId) : undefined
    await responder.update(command, request.channelId, request.messageTs, requestMessage(request, note))
  }

  /**
   * Refreshes the person's App Home, if they ever open it (one views.publish per change otherwise
   * wasted). A stock change says so in its outcome; the rarer changes look it up.
   */
  async function refreshHome(command: Command, opensHome: boolean | undefined) {
    if (opensHome ?? (await deps.records.opensHome(command.teamId, command.userId)))
      await deps.home.publish(command)
  }

  /** Says hello in the alert channel, which also proves the bot may post there. */
  async function announceRoute(command: Command, channelId: string, location?: string) {
    const text = alertsRoutedHere(command.userId, location)
    try {
      await responder.post(
        { ...workspaceOf(command), channelId, userId: command.userId },
        { text, blocks: [section(text)] },
      )
    } catch (err) {
      if (!CANNOT_POST.has(slackErrorCode(err) ?? '')) throw err
      const warning = ALERT_POST_FAILED(channelId)
      await responder.reply(command, { response_type: 'ephemeral', text: warning, replace_original: false })
    }
  }

  return {
    async deliver(command, outcome) {
      try {
        await present(command, outcome)
      } finally {
        await afterChange(command, outcome)
      }
    },
    afterChange,
    async deadLettered(letter, command) {
      if (command)
        await responder.reply(command, {
          ...errorMessage('JOB_FAILED', { deadLetter: letter.id, deliveries: letter.deliveries }),
          replace_original: true,
        })
      const text = deadLetterNotice({ ...letter, teamId: letter.teamId ?? 'unknown' })
      const workspace = command ?? { teamId: letter.teamId ?? 'unknown' }
      for (const admin of deps.admins)
        await deps.api.call('chat.postMessage', { channel: admin, text }, workspace)
    },
  }
}
