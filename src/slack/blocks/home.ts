import type { types } from '@slack/bolt'
import type {
  HistoryEntry,
  ItemSummary,
  RequestSummary,
  ReservationSummary,
} from '../../inventory/results.js'
import { RIGHTS } from '../../inventory/rights.js'
import { type Access, allows, allowsSomewhere } from '../../inventory/roles.js'
import { escapeText, quantity, reservationRef, slackDate } from '../format.js'
import { BUTTONS, HOME, historyLine, requestText } from '../wording/index.js'
import { requestButtons } from './cards.js'
import { ACTIONS } from './ids.js'
import { actions, type Block, context, divider, header, LIMITS, section, sectionWithButton } from './kit.js'

export type HomeSection = 'low' | 'requests' | 'reservations' | 'movements'

/** Everything the Home tab shows for one person in one workspace. */
export interface HomeData {
  readonly userId: string
  /** What they may do: the Home shows only the buttons they can use. */
  readonly access: Access
  readonly low: readonly ItemSummary[]
  readonly requests: readonly RequestSummary[]
  readonly reservations: readonly ReservationSummary[]
  readonly movements: readonly (HistoryEntry & { readonly sku: string })[]
  /** Rows shown per section; "More" raises one. Kept in the view's private_metadata. */
  readonly limits: Readonly<Record<HomeSection, number>>
}

export const DEFAULT_HOME_LIMITS: Readonly<Record<HomeSection, number>> = {
  low: 10,
  requests: 10,
  reservations: 10,
  movements: 10,
}

/**
 * The App Home: low stock, open reorder requests, your reservations, your last
 * movements, each with its buttons; "More" where a section has more rows. Never
 * more than Slack's 100 blocks: sections are cut to fit.
 */
export function homeView(data: HomeData): types.HomeView {
  const { access } = data
  const budget = { left: LIMITS.blocksPerView - 4 }
  const part = <T>(
    name: HomeSection,
    title: string,
    empty: string,
    rows: readonly T[],
    render: (row: T) => Block[],
  ): Block[] => {
    const out: Block[] = [section(`*${title}*`)]
    budget.left -= 3
    let shown = 0
    for (const row of rows.slice(0, data.limits[name])) {
      const blocks = render(row)
      if (budget.left - blocks.length < 0) break
      budget.left -= blocks.length
      out.push(...blocks)
      shown += 1
    }
    if (!rows.length) out.push(context(empty))
    const more = rows.length > shown
    if (more) out.push(actions([{ text: BUTTONS.more, actionId: ACTIONS.homeMore, value: name }]))
    return [...out, divider()]
  }

  const blocks: Block[] = [
    header(HOME.title),
    ...part('low', HOME.low, HOME.lowEmpty, data.low, (i) => {
      const text = `*${i.sku}* ${escapeText(i.name)} — ${quantity(i.onHand)} on hand, reorder point ${quantity(i.reorderPoint)}`
      return allows(access, RIGHTS['request.new'])
        ? [sectionWithButton(text, { text: BUTTONS.reorder, actionId: ACTIONS.reorder, value: i.sku })]
        : [section(text)]
    }),
    ...part('requests', HOME.requests, HOME.requestsEmpty, data.requests, (r) => {
      const buttons = requestButtons(r, {
        decide: allows(access, RIGHTS['request.approve']) && r.requestedBy !== data.userId,
        receive: allowsSomewhere(access, RIGHTS.receive),
      })
      return [section(requestText(r)), ...(buttons.length ? [actions(buttons)] : [])]
    }),
    ...part('reservations', HOME.reservations, HOME.reservationsEmpty, data.reservations, (r) => {
      const text = `*${reservationRef(r.reservation)}* ${quantity(r.quantity)} ${r.item.sku} at ${r.location}${r.ref ? ` for ${escapeText(r.ref)}` : ''} · ${slackDate(r.at)}`
      return allows(access, RIGHTS.release, r.location)
        ? [
            sectionWithButton(text, {
              text: BUTTONS.release,
              actionId: ACTIONS.release,
              value: String(r.reservation),
            }),
          ]
        : [section(text)]
    }),
    ...part('movements', HOME.movements, HOME.movementsEmpty, data.movements, (m) => {
      const text = `${m.sku} · ${historyLine(m, slackDate(m.at))}`
      const mayUndo = m.lines.every((l) => allows(access, RIGHTS.undo, l.location))
      return m.verb === 'undo' || m.undoneBy || !mayUndo
        ? [section(text)]
        : [sectionWithButton(text, { text: BUTTONS.undo, actionId: ACTIONS.undo, value: String(m.movement) })]
    }),
    context(HOME.hint),
  ]
  return {
    type: 'home',
    private_metadata: JSON.stringify({ limits: data.limits }),
    blocks: blocks.slice(0, LIMITS.blocksPerView),
  }
}
