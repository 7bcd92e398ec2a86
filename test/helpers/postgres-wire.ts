/**
 * Reads what a client sends to PostgreSQL (the frontend half of the wire
 * protocol, v3) and records each round trip: every time the client waits for
 * the server — a simple Query, or a Sync ending an extended-protocol batch
 * (Parse/Bind/Execute…) — with the SQL it ran. Named prepared statements are
 * resolved to their text from the Parse that created them on that connection.
 */
export interface RoundTrip {
  /** The SQL of each statement in the round trip. */
  readonly statements: readonly string[]
}

const STARTUP_PROTOCOL_V3 = 196_608

/** One parser per connection, fed the client's bytes in order; calls `onRoundTrip` as each completes. */
export function createFrontendParser(onRoundTrip: (roundTrip: RoundTrip) => void) {
  let buffer = Buffer.alloc(0)
  let started = false
  const prepared = new Map<string, string>()
  let pending: string[] = []

  const cString = (data: Buffer, from: number) => {
    const end = data.indexOf(0, from)
    return { text: data.toString('utf8', from, end), next: end + 1 }
  }

  function message(type: string, body: Buffer) {
    if (type === 'Q') {
      onRoundTrip({ statements: [...pending, cString(body, 0).text] })
      pending = []
    } else if (type === 'P') {
      const name = cString(body, 0)
      prepared.set(name.text, cString(body, name.next).text)
    } else if (type === 'B') {
      const statement = cString(body, cString(body, 0).next).text
      pending.push(prepared.get(statement) ?? `(unknown statement ${statement})`)
    } else if (type === 'S') {
      onRoundTrip({ statements: pending })
      pending = []
    }
  }

  return function feed(chunk: Buffer): void {
    buffer = Buffer.concat([buffer, chunk])
    for (;;) {
      if (!started) {
        // Untyped messages (SSLRequest, then the startup message) until protocol 3 starts.
        if (buffer.length < 8) return
        const length = buffer.readInt32BE(0)
        if (buffer.length < length) return
        started = buffer.readInt32BE(4) === STARTUP_PROTOCOL_V3
        buffer = buffer.subarray(length)
        continue
      }
      if (buffer.length < 5) return
      const length = buffer.readInt32BE(1)
      if (buffer.length < 1 + length) return
      message(String.fromCharCode(buffer[0] as number), buffer.subarray(5, 1 + length))
      buffer = buffer.subarray(1 + length)
    }
  }
}
