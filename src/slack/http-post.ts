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

/**
 * POSTs to a Slack URL outside the Web API (a response_url, a file upload URL),
 * with a timeout per attempt and the retry module's transient-failure retries,
 * honouring Retry-After.
 */
export async function postToSlack(
  url: string,
  body: string | Buffer,
  contentType: string,
  timeoutMs: number,
): Promise<void> {
  await withRetry('slack', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    })
    await response.body?.cancel()
    if (!response.ok)
      throw new HttpStatusError(response.status, retryAfterMs(response.headers.get('retry-after')))
  })
}

function retryAfterMs(header: string | null): number | undefined {
  const seconds = header === null ? Number.NaN : Number(header)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined
}
