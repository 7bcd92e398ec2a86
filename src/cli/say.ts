import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { config as loadDotenv } from 'dotenv'
import { ConfigError, loadConfig } from '../config.js'
import type { SlackMessage } from '../slack/blocks/index.js'
import { decodeSlackText } from '../slack/parse.js'
import { signSlackRequest } from '../slack/verify.js'
import { COMMAND, ERROR_MARK, WORKING_ON_IT } from '../slack/wording/index.js'

/**
 * `npm run say -- 'receive WIDGET 5'`: sends a signed `/inventory` command to
 * the bot running on PORT (same settings as `npm start`), prints each reply as
 * text, and exits 1 when the answer is an error (2 when the bot is unreachable).
 */
const LATE_ANSWER_TIMEOUT_MS = 30_000

async function main(): Promise<number> {
  loadDotenv({ quiet: true })
  const config = loadConfig(process.env)
  const text = process.argv.slice(2).join(' ')
  const late: SlackMessage[] = []
  let notify: (() => void) | undefined
  const responseServer = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      late.push(JSON.parse(body) as SlackMessage)
      res.end('ok')
      notify?.()
    })
  })
  await new Promise<void>((resolve) => responseServer.listen(0, '127.0.0.1', resolve))
  const responseUrl = `http://127.0.0.1:${(responseServer.address() as AddressInfo).port}/response`
  try {
    const ack = await send(config.port, config.slack.signingSecret, text, responseUrl)
    let final = ack
    print(ack)
    if (ack.text === WORKING_ON_IT) {
      final = (await nextLate(late, (resolve) => (notify = resolve))) ?? {
        text: `${ERROR_MARK} no answer within ${LATE_ANSWER_TIMEOUT_MS / 1000} s`,
      }
      print(final)
    }
    return final.text.startsWith(ERROR_MARK) ? 1 : 0
  } finally {
    responseServer.close()
  }
}

async function send(port: number, secret: string, text: string, responseUrl: string): Promise<SlackMessage> {
  const body = new URLSearchParams({
    token: 'local',
    team_id: process.env.SAY_TEAM_ID ?? 'T0LOCAL',
    team_domain: 'local',
    channel_id: process.env.SAY_CHANNEL_ID ?? 'C0LOCAL',
    channel_name: 'local',
    user_id: process.env.SAY_USER_ID ?? 'U0LOCAL',
    user_name: 'local',
    command: COMMAND,
    text,
    api_app_id: 'A0LOCAL',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `say.${randomUUID()}`,
  }).toString()
  const timestamp = String(Math.floor(Date.now() / 1000))
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signSlackRequest(secret, timestamp, body),
    },
    body,
    signal: AbortSignal.timeout(10_000),
  })
  if (!response.ok) throw new Error(`the bot answered HTTP ${response.status}`)
  const raw = await response.text()
  return raw ? (JSON.parse(raw) as SlackMessage) : { text: '' }
}

function nextLate(
  late: SlackMessage[],
  onArrival: (resolve: () => void) => void,
): Promise<SlackMessage | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), LATE_ANSWER_TIMEOUT_MS)
    const check = () => {
      if (late.length === 0) return
      clearTimeout(timer)
      resolve(late.shift())
    }
    onArrival(check)
    check()
  })
}

/** The message as a terminal shows it: block texts (or the fallback text), Slack markup simplified. */
function print(message: SlackMessage): void {
  const texts = (message.blocks ?? []).flatMap((block) => {
    const b = block as {
      type: string
      text?: { text?: string }
      elements?: { text?: string | { text?: string } }[]
    }
    // Buttons show as [Label]; they only work in Slack.
    if (b.type === 'actions')
      return [
        (b.elements ?? []).map((e) => `[${typeof e.text === 'string' ? e.text : e.text?.text}]`).join(' '),
      ]
    return [
      b.text?.text,
      ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : undefined)),
    ].filter((t): t is string => Boolean(t))
  })
  const plain = decodeSlackText(texts.length ? texts.join('\n') : message.text)
    .replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, '$1')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
  console.log(plain)
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof ConfigError) console.error(error.message)
    else
      console.error(
        `Could not reach the bot (${error instanceof Error ? error.message : error}). Is it running? Start it with \`npm start\`.`,
      )
    process.exit(2)
  },
)
