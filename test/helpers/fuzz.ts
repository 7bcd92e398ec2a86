import fc from 'fast-check'
import { ACTIONS, VIEWS } from '../../src/slack/blocks/index.js'
import { buildBlockAction, buildEvent, buildSlashCommand, buildViewSubmission } from './payloads.js'
import { form } from './signed.js'

/** One request to the bot's door: a body, signed as Slack would sign it, and its content type. */
export interface HostileRequest {
  /** Which door and how it is broken, for the report of a failing input. */
  readonly label: string
  readonly body: string
  readonly contentType: string
}

/** Real identifiers of the workspace under attack, so forged values hit real rows as well as none. */
export interface KnownIds {
  readonly team: string
  readonly skus: readonly string[]
  readonly locations: readonly string[]
  readonly movements: readonly number[]
  readonly reservations: readonly number[]
  readonly requests: readonly number[]
  readonly pending: readonly string[]
  /** Where forged payloads point their response_url (the Slack stand-in). */
  readonly responseUrl: string
}

const FORM = 'application/x-www-form-urlencoded'
const JSON_TYPE = 'application/json'

/** Strings people and attackers send: empty, huge, control characters, markup, injections, numbers that are not. */
const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e9',
    '1.5',
    'NaN',
    'Infinity',
    '99999999999999999999',
    '9007199254740993',
    'null',
    'undefined',
    'true',
    '[]',
    '{}',
    '__proto__',
    'constructor',
    "'; DROP TABLE movements; --",
    '<script>alert(1)</script>',
    '<!channel>',
    '*bold* _it_ ~s~ `code`',
    '../../etc/passwd',
    '%00',
    '\u0000',
    '\uFEFF',
    '\uD800',
    'R-1',
    'REQ-1',
    '#1',
    'x'.repeat(5_000),
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer().map(String),
)

/** Any JSON value, including the wrong type where a string or object belongs. */
const anyJson = fc.oneof(
  { weight: 3, arbitrary: nasty },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
)

/** Deletes, replaces with a wrong type, or keeps each listed field of a payload. */
function tamper(payload: Record<string, unknown>, fields: readonly string[]) {
  return fc
    .array(fc.tuple(fc.constantFrom(...fields), fc.option(anyJson, { nil: undefined })), { maxLength: 3 })
    .map((edits) => {
      const copy: Record<string, unknown> = { ...payload }
      for (const [field, value] of edits) {
        if (value === undefined) delete copy[field]
        else copy[field] = value
      }
      return copy
    })
}

const interaction = (payload: unknown) => form({ payload: JSON.stringify(payload) })

function blockActions(ids: KnownIds): fc.Arbitrary<HostileRequest> {
  const actionId = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...Object.values(ACTIONS)) }, nasty)
  const value = fc.oneof(
    fc.constantFrom(...ids.skus, ...ids.locations, ...ids.pending),
    fc.constantFrom(...ids.movements, ...ids.reservations, ...ids.requests).map(String),
    fc
      .tuple(fc.constantFrom(...ids.requests), fc.constantFrom(...ids.skus), fc.integer())
      .map(([r, s, q]) => `${r}:${s}:${q}`),
    fc.constantFrom('low', 'requests', 'reservations', 'movements'),
    nasty,
  )
  const metadata = fc.oneof(
    fc.constant(undefined),
    nasty,
    anyJson.map((v) => JSON.stringify({ limits: v })),
  )
  return fc
    .record({
      actionId,
      value,
      home: fc.boolean(),
      user: fc.constantFrom('UFUZZ1', 'UFUZZ2', 'UFUZZ3'),
      team: fc.oneof({ weight: 5, arbitrary: fc.constant(ids.team) }, fc.constantFrom('T0FORGED', '')),
      metadata,
      missingValue: fc.boolean(),
    })
    .chain((c) => {
      const payload = buildBlockAction({
        actionId: c.actionId,
        value: c.value,
        home: c.home,
        user: c.user,
        team: c.team,
        responseUrl: ids.responseUrl,
        ...(c.home ? { view: { id: 'VHOME', ...(c.metadata ? { private_metadata: c.metadata } : {}) } } : {}),
      })
      if (c.missingValue) delete (payload.actions as Record<string, unknown>[])[0]?.value
      return fc.oneof(
        { weight: 3, arbitrary: fc.constant(payload) },
        tamper(payload, ['actions', 'user', 'team', 'container', 'type', 'trigger_id', 'channel', 'view']),
        anyJson.map((v) => ({ ...payload, actions: [{ ...(payload.actions as object[])[0], value: v }] })),
        anyJson.map((v) => ({
          ...payload,
          actions: [{ ...(payload.actions as object[])[0], action_id: v }],
        })),
      )
    })
    .map((payload) => ({
      label: `block_actions ${JSON.stringify((payload as { actions?: unknown }).actions)?.slice(0, 120)}`,
      body: interaction(payload),
      contentType: FORM,
    }))
}

function viewSubmission(ids: KnownIds): fc.Arbitrary<HostileRequest> {
  const callbackId = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...Object.values(VIEWS)) }, nasty)
  const metadata = fc.oneof(
    fc
      .record(
        {
          verb: fc.oneof(fc.constantFrom('receive', 'issue', 'move', 'reserve'), nasty),
          sku: fc.oneof(fc.constantFrom(...ids.skus), nasty),
          channelId: fc.oneof(fc.constant('C0001'), nasty),
          request: fc.oneof(fc.constantFrom(...ids.requests), fc.integer(), nasty),
          cardResponseUrl: fc.oneof(fc.constant(ids.responseUrl), nasty),
        },
        { requiredKeys: [] },
      )
      .map((m) => JSON.stringify(m)),
    anyJson.map((v) => JSON.stringify(v)),
    nasty,
  )
  const field = fc.oneof(
    { weight: 2, arbitrary: fc.oneof(fc.integer({ min: -5, max: 500 }).map(String), nasty) },
    fc.constantFrom(...ids.locations, ...ids.skus),
  )
  const values = fc.dictionary(
    fc.constantFrom(
      'quantity',
      'location',
      'from',
      'to',
      'note',
      'ref',
      'sku',
      'name',
      'unit',
      'reorder_point',
      'reorder_quantity',
      'supplier',
    ),
    fc.oneof(
      { weight: 3, arbitrary: field.map((value) => ({ value })) },
      field.map((selected) => ({ selected })),
    ),
    { maxKeys: 8 },
  )
  return fc
    .record({
      callbackId,
      metadata,
      values,
      user: fc.constantFrom('UFUZZ1', 'UFUZZ2'),
      viewId: fc.oneof(fc.constant(undefined), fc.constantFrom('VSAME1', 'VSAME2')),
    })
    .chain((c) => {
      const payload = buildViewSubmission({
        callbackId: c.callbackId,
        privateMetadata: c.metadata,
        values: c.values,
        user: c.user,
        team: ids.team,
        ...(c.viewId ? { viewId: c.viewId } : {}),
      })
      const view = payload.view as Record<string, unknown>
      return fc.oneof(
        { weight: 3, arbitrary: fc.constant(payload) },
        tamper(view, ['state', 'private_metadata', 'callback_id', 'id']).map((v) => ({
          ...payload,
          view: v,
        })),
        // A field of the wrong shape: a number, an object without value, a select without an option.
        fc
          .tuple(fc.constantFrom('quantity', 'location', 'sku', 'name', 'to'), anyJson)
          .chain(([blockId, v]) =>
            fc
              .constantFrom(
                { value: v },
                { value: { type: 'plain_text_input', value: v } },
                { value: { type: 'static_select', selected_option: v } },
                { value: { type: 'static_select', selected_option: { value: v } } },
              )
              .map((element) => ({
                ...payload,
                view: { ...view, state: { values: { [blockId]: element } } },
              })),
          ),
        tamper(payload, ['user', 'team', 'type', 'view']),
      )
    })
    .map((payload) => ({
      label: `view_submission ${JSON.stringify((payload as { view?: unknown }).view)?.slice(0, 160)}`,
      body: interaction(payload),
      contentType: FORM,
    }))
}

function eventCallback(ids: KnownIds): fc.Arbitrary<HostileRequest> {
  const event = fc.oneof(
    fc.record({
      type: fc.constant('app_home_opened'),
      user: fc.oneof(fc.constantFrom('UFUZZ1', 'UFUZZ2'), nasty),
      tab: fc.oneof(fc.constantFrom('home', 'messages'), nasty),
    }),
    fc.record(
      {
        type: fc.oneof(
          fc.constantFrom('message', 'app_mention', 'member_joined_channel', 'team_join'),
          nasty,
        ),
        user: nasty,
        text: nasty,
        channel: nasty,
      },
      { requiredKeys: [] },
    ),
    anyJson,
  )
  return fc
    .record({ event, eventId: fc.oneof(fc.constantFrom('EvSAME1', 'EvSAME2'), nasty) })
    .chain(({ event: e, eventId }) => {
      const envelope = buildEvent({ team: ids.team, eventId, event: e as Record<string, unknown> })
      return fc.oneof(
        { weight: 3, arbitrary: fc.constant(envelope) },
        tamper(envelope, ['type', 'event', 'event_id', 'team_id', 'authorizations', 'token']),
      )
    })
    .map((envelope) => ({
      label: `event_callback ${JSON.stringify(envelope.event)?.slice(0, 120)}`,
      body: JSON.stringify(envelope),
      contentType: JSON_TYPE,
    }))
}

/** Bodies that do not parse, or parse into something that is not a Slack payload. */
const unparsable: fc.Arbitrary<HostileRequest> = fc
  .oneof(
    fc.string({ maxLength: 200 }).map((body) => ({ body, contentType: JSON_TYPE })),
    fc.string({ maxLength: 200 }).map((body) => ({ body, contentType: FORM })),
    fc.string({ maxLength: 200 }).map((s) => ({ body: form({ payload: s }), contentType: FORM })),
    anyJson.map((v) => ({ body: JSON.stringify(v) ?? '', contentType: JSON_TYPE })),
    anyJson.map((v) => ({ body: form({ payload: JSON.stringify(v) ?? '' }), contentType: FORM })),
    fc
      .constantFrom(
        '{"type":"block_actions"',
        '{"type":"event_callback","event":null}',
        '{"type":"url_verification"}',
        '{"type":"view_submission","view":[]}',
        '[]',
        'null',
        '"string"',
        '',
      )
      .map((body) => ({ body, contentType: JSON_TYPE })),
    fc
      .constantFrom('text/plain', 'application/xml', '', 'multipart/form-data; boundary=x')
      .chain((contentType) => fc.string({ maxLength: 100 }).map((body) => ({ body, contentType }))),
  )
  .map((r) => ({ ...r, label: `unparsable ${r.contentType} ${JSON.stringify(r.body.slice(0, 100))}` }))

function slashCommand(ids: KnownIds): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      text: fc.oneof(
        nasty,
        fc.constantFrom(...ids.skus).map((s) => `stock ${s}`),
      ),
      user: fc.oneof(fc.constantFrom('UFUZZ1'), nasty),
      team: fc.oneof(fc.constant(ids.team), nasty),
      channel: fc.oneof(fc.constant('C0001'), nasty),
    })
    .map((c) => ({
      label: `slash ${JSON.stringify(c).slice(0, 120)}`,
      body: form(
        buildSlashCommand({
          text: c.text,
          user_id: c.user,
          team_id: c.team,
          channel_id: c.channel,
          response_url: ids.responseUrl,
        }),
      ),
      contentType: FORM,
    }))
}

/** Every door, weighted towards the interactive ones the slash-command fuzz does not reach. */
export function hostileRequests(ids: KnownIds): fc.Arbitrary<HostileRequest> {
  return fc.oneof(
    { weight: 3, arbitrary: blockActions(ids) },
    { weight: 3, arbitrary: viewSubmission(ids) },
    { weight: 2, arbitrary: eventCallback(ids) },
    { weight: 2, arbitrary: unparsable },
    { weight: 1, arbitrary: slashCommand(ids) },
  )
}

/**
 * The same hostile request as Slack would send it over Socket Mode: a slash
 * command's form fields, an interaction's `payload` or an event's JSON as an
 * envelope's payload; anything that parses as none of them is sent as the
 * WebSocket message itself (`raw`).
 */
export function asSocketEnvelope(
  request: HostileRequest,
):
  | { type: 'slash_commands' | 'interactive' | 'events_api'; payload: Record<string, unknown> }
  | { raw: string } {
  try {
    if (request.contentType === FORM) {
      const fields = new URLSearchParams(request.body)
      const payload = fields.get('payload')
      return payload === null
        ? { type: 'slash_commands', payload: Object.fromEntries(fields) }
        : { type: 'interactive', payload: JSON.parse(payload) }
    }
    if (request.contentType === JSON_TYPE) return { type: 'events_api', payload: JSON.parse(request.body) }
  } catch {
    // not JSON: below
  }
  return { raw: request.body }
}
