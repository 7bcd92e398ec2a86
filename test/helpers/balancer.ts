import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Balancer {
  readonly url: string
  close(): Promise<void>
}

/**
 * A small round-robin HTTP load balancer, standing in for nginx: a request
 * that cannot reach a backend (connection refused or reset before an answer)
 * goes to the next one, like nginx's `proxy_next_upstream error`.
 */
export async function startBalancer(backends: () => readonly number[]): Promise<Balancer> {
  let next = 0
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const ports = backends()
    for (let tried = 0; tried < ports.length; tried++) {
      const port = ports[next++ % ports.length] as number
      const answered = await new Promise<boolean>((resolve) => {
        const upstream = request(
          { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
          (reply) => {
            res.writeHead(reply.statusCode ?? 502, reply.headers)
            reply.pipe(res)
            reply.on('end', () => resolve(true))
            reply.on('error', () => resolve(true))
          },
        )
        upstream.on('error', () => resolve(false))
        upstream.end(body)
      })
      if (answered) return
      if (res.headersSent) return
    }
    res.writeHead(502).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
