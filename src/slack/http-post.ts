import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { withRetry } from '../resilience/retry.js'

/** A non-2xx answer from Slack over plain HTTP; 429 and 5xx are transient (see the retry table). */
export class HttpStatusError extends Error {
  constructor(
    readonly statusCode: number,
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${statusCode}`)
    this.name = 'HttpStatusError'
  }
}

/** Kept-alive connections to Slack's hosts: every job in queue mode answers on a response_url. */
const AGENTS = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) }

/**
 * POSTs to a Slack URL outside the Web API (a response_url, a file upload URL),
 * with a timeout per attempt and the retry module's transient-failure retries,
 * honouring Retry-After. Node's `http.request` rather than `fetch`: fetch costs
 * several times the CPU per request, and a worker makes one per job.
 */
export async function postToSlack(
  url: string,
  body: string | Buffer,
  contentType: string,
  timeoutMs: number,
): Promise<void> {
  await withRetry('slack', async () => {
    const response = await post(new URL(url), body, contentType, timeoutMs)
    if (response.statusCode < 200 || response.statusCode > 299)
      throw new HttpStatusError(response.statusCode, retryAfterMs(response.retryAfter))
  })
}

/** One POST: its status and Retry-After, the body read and discarded; rejects on a network error or the timeout. */
function post(
  url: URL,
  body: string | Buffer,
  contentType: string,
  timeoutMs: number,
): Promise<{ statusCode: number; retryAfter: string | undefined }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  const agent = url.protocol === 'https:' ? AGENTS['https:'] : AGENTS['http:']
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
      },
      (res: IncomingMessage) => {
        res.on('error', reject)
        res.on('end', () =>
          resolve({ statusCode: res.statusCode ?? 0, retryAfter: header(res.headers['retry-after']) }),
        )
        res.resume()
      },
    )
    // The whole attempt, not only idle time; a TimeoutError is transient (resilience/transient.ts).
    const timer = setTimeout(() => req.destroy(timeoutError(timeoutMs)), timeoutMs)
    req.on('close', () => clearTimeout(timer))
    req.on('error', reject)
    req.end(body)
  })
}

function timeoutError(timeoutMs: number): Error {
  const error = new Error(`no answer from Slack within ${timeoutMs} ms`)
  error.name = 'TimeoutError'
  return error
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)

function retryAfterMs(header: string | undefined): number | undefined {
  const seconds = header === undefined ? Number.NaN : Number(header)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined
}
