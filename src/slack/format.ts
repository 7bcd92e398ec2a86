/** Small pure formatters shared by the wording and the Block Kit builders. */

const SLACK_REFERENCE = /<(?:[@#][A-Z0-9]+(?:\|[^<>]*)?)>/g

/**
 * Escapes text a person typed for Slack mrkdwn: &, < and > become entities, so
 * nobody can smuggle `<!channel>` or a fake link into a reply. User and channel
 * references (`<@U123>`, `<#C123|general>`) stay live.
 */
export function escapeText(text: string): string {
  const parts = text.split(SLACK_REFERENCE)
  const references = text.match(SLACK_REFERENCE) ?? []
  return parts
    .map(
      (part, i) =>
        part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') + (references[i] ?? ''),
    )
    .join('')
}

/** One formatter for every quantity: `toLocaleString` would build one per call. */
const GROUPED = new Intl.NumberFormat('en-US')
export const quantity = (n: number) => GROUPED.format(n)
export const signed = (n: number) => (n > 0 ? `+${quantity(n)}` : n < 0 ? `−${quantity(-n)}` : '±0')
export const user = (id: string) => `<@${id}>`
export const movementRef = (n: number) => `#${n}`
export const reservationRef = (n: number) => `R-${n}`

/** A time each reader sees in their own time zone, with an ISO fallback. */
export function slackDate(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000)
  const fallback = `${iso.slice(0, 16).replace('T', ' ')} UTC`
  return `<!date^${seconds}^{date_short_pretty} {time}|${fallback}>`
}
