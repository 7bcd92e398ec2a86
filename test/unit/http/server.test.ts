import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpServer, type HttpServer, send } from '../../../src/http/server.js'
import { createLogger } from '../../../src/logger.js'

let http: HttpServer
afterEach(() => http?.close(0))

async function start(): Promise<number> {
  http = createHttpServer(
    { 'GET /hello': async (_req, res) => send(res, 200, 'hello') },
    createLogger('silent'),
  )
  return http.listen(0)
}

/** A connection the server has accepted, with no request on it yet (how nginx's arrive, a moment before the request). */
async function acceptedConnection(port: number): Promise<Socket> {
  const accepted = new Promise((resolve) => http.server.once('connection', resolve))
  const socket = connect(port, '127.0.0.1')
  await accepted
  return socket
}

/** Everything the server sends until it closes the connection; a reset ends it too. */
const reply = (socket: Socket) =>
  new Promise<string>((resolve) => {
    let data = ''
    socket.on('data', (chunk) => (data += chunk))
    socket.on('close', () => resolve(data))
    socket.on('error', () => undefined)
  })

describe('the HTTP server, stopping', () => {
  it('answers a request that arrives on a connection accepted just before the stop', async () => {
    const socket = await acceptedConnection(await start())
    const stopped = http.close(5_000)
    socket.write('GET /hello HTTP/1.1\r\nHost: bot\r\nConnection: close\r\n\r\n')
    const answer = await reply(socket)
    expect(answer).toMatch(/^HTTP\/1\.1 200 /)
    expect(answer).toContain('hello')
    await stopped
  })

  it('takes no new connection once stopping', async () => {
    const port = await start()
    const stopped = http.close(5_000)
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? ''))
      socket.on('connect', () => resolve('connected'))
    })
    expect(refused).toBe('ECONNREFUSED')
    await stopped
  })
})
