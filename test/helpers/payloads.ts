import { randomUUID } from 'node:crypto'

/** A slash command exactly as Slack posts it (form fields), with defaults a test can override. */
export function buildSlashCommand(
  fields: Partial<Record<string, string>> & { text: string },
): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    team_domain: 'acme',
    channel_id: 'C0001',
    channel_name: 'warehouse',
    user_id: 'U0001',
    user_name: 'alice',
    command: '/inventory',
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: 'https://hooks.slack.com/commands/T0001/1/abc',
    trigger_id: `${Date.now()}.${randomUUID()}`,
    ...(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >),
  }
}

export interface Actor {
  readonly user?: string
  readonly team?: string
  readonly channel?: string
}

/** A block_actions payload for a button clicked on a message (or on the App Home, with `home: true`). */
export function buildBlockAction(
  options: Actor & {
    actionId: string
    value: string
    responseUrl?: string
    home?: boolean
    view?: { id: string; private_metadata?: string }
    messageTs?: string
    /** The click's time, which Slack keeps when it retries a delivery (random when omitted). */
    actionTs?: string
  },
): Record<string, unknown> {
  const team = options.team ?? 'T0001'
  const onHome = options.home === true
  return {
    type: 'block_actions',
    user: { id: options.user ?? 'U0001', username: 'alice', name: 'alice', team_id: team },
    api_app_id: 'A0001',
    token: 'deprecated-verification-token',
    container: onHome
      ? { type: 'view', view_id: options.view?.id ?? 'VHOME' }
      : {
          type: 'message',
          message_ts: options.messageTs ?? '1700000000.000100',
          channel_id: options.channel ?? 'C0001',
          is_ephemeral: false,
        },
    trigger_id: `${Date.now()}.${randomUUID()}`,
    team: { id: team, domain: 'acme' },
    enterprise: null,
    is_enterprise_install: false,
    ...(onHome
      ? {
          view: {
            id: options.view?.id ?? 'VHOME',
            type: 'home',
            private_metadata: options.view?.private_metadata ?? '',
          },
        }
      : {}),
    ...(onHome ? {} : { channel: { id: options.channel ?? 'C0001', name: 'warehouse' } }),
    ...(onHome
      ? {}
      : { message: { type: 'message', ts: options.messageTs ?? '1700000000.000100', text: '' } }),
    ...(options.responseUrl ? { response_url: options.responseUrl } : {}),
    actions: [
      {
        action_id: options.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'x', emoji: true },
        value: options.value,
        type: 'button',
        action_ts: options.actionTs ?? `${Date.now() / 1000}.${Math.floor(Math.random() * 1e6)}`,
      },
    ],
  }
}

/** A view_submission payload: `values` maps block_id → the submitted value (a select's value, or text). */
export function buildViewSubmission(
  options: Actor & {
    viewId?: string
    callbackId: string
    privateMetadata: string
    values: Record<string, { value?: string; selected?: string }>
  },
): Record<string, unknown> {
  const team = options.team ?? 'T0001'
  const values = Object.fromEntries(
    Object.entries(options.values).map(([blockId, v]) => [
      blockId,
      {
        value:
          v.selected !== undefined
            ? {
                type: 'static_select',
                selected_option: { text: { type: 'plain_text', text: v.selected }, value: v.selected },
              }
            : { type: 'plain_text_input', value: v.value ?? null },
      },
    ]),
  )
  return {
    type: 'view_submission',
    team: { id: team, domain: 'acme' },
    user: { id: options.user ?? 'U0001', username: 'alice', name: 'alice', team_id: team },
    api_app_id: 'A0001',
    token: 'deprecated-verification-token',
    trigger_id: `${Date.now()}.${randomUUID()}`,
    view: {
      id: options.viewId ?? `V${randomUUID().slice(0, 8).toUpperCase()}`,
      team_id: team,
      type: 'modal',
      callback_id: options.callbackId,
      private_metadata: options.privateMetadata,
      state: { values },
      hash: '1',
      title: { type: 'plain_text', text: 'x' },
      blocks: [],
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  }
}

/** An Events API envelope (event_callback) as Slack posts it. */
export function buildEvent(options: {
  team?: string
  eventId?: string
  event: Record<string, unknown>
}): Record<string, unknown> {
  const team = options.team ?? 'T0001'
  return {
    token: 'deprecated-verification-token',
    team_id: team,
    api_app_id: 'A0001',
    event: options.event,
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${randomUUID().slice(0, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: team, user_id: 'UBOT', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  }
}
