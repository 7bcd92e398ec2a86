import type pg from 'pg'
import type { Config } from '../config.js'
import type { Routes } from '../http/server.js'
import { answerLostAck, createSlackApp } from './app.js'
import { singleTokenAuthorize } from './authorize.js'
import type { ListenerDeps } from './listeners/deps.js'
import { installRoutes } from './oauth/install.js'
import type { Installations } from './oauth/installations.js'
import { SlackReceiver } from './receiver.js'
import { createSocketConnections } from './socket/connections.js'
import { startSocketMode } from './socket/mode.js'
import { SocketReceiver } from './socket/receiver.js'

/** How Slack's payloads reach the Bolt app: HTTP requests, or Socket Mode envelopes. */
export interface SlackWayIn {
  /** The HTTP routes it serves: `POST /slack/events` in HTTP mode; with OAuth installs, the install pages. */
  readonly routes: Routes
  /** Readiness checks it adds: in Socket Mode, `socket` (a connection is open). */
  checks(): Record<string, boolean>
  /** Resolves once it takes payloads, or stands by for a Socket Mode slot; rejects when Slack refuses the app-level token. */
  readonly started: Promise<void>
  /** Stops taking payloads (Socket Mode: the connection closes once its envelopes are acked; the slot is freed). */
  stop(): Promise<void>
}

/**
 * The Bolt app behind the receiver `config.transport` names, authorized with
 * the bot token or, with OAuth installs, with each workspace's installation
 * (whose install pages it then serves too). Everything after the receiver —
 * listeners, the error handler, the dispatcher — is the same.
 */
export function openSlackWayIn(
  config: Config['slack'],
  deps: ListenerDeps & { readonly pool: pg.Pool; readonly installations: Installations | undefined },
): SlackWayIn {
  const { installations } = deps
  const authorize =
    installations?.authorize ??
    singleTokenAuthorize({ botToken: config.botToken, api: deps.slack.api, logger: deps.logger })
  const app = (receiver: SlackReceiver | SocketReceiver) => createSlackApp({ ...deps, receiver, authorize })
  const install =
    config.oauth && installations
      ? installRoutes({ ...config, oauth: config.oauth, installations, pool: deps.pool, logger: deps.logger })
      : {}

  if (config.transport === 'http' || !config.appToken) {
    const receiver = new SlackReceiver({ signingSecret: config.signingSecret, logger: deps.logger })
    app(receiver)
    return {
      routes: { ...install, 'POST /slack/events': (req, res) => receiver.handle(req, res) },
      checks: () => ({}),
      started: Promise.resolve(),
      stop: async () => {},
    }
  }

  const receiver = new SocketReceiver({ logger: deps.logger, lostAck: answerLostAck(deps.slack.responder) })
  app(receiver)
  const socket = startSocketMode({
    pool: deps.pool,
    logger: deps.logger,
    connections: createSocketConnections({
      appToken: config.appToken,
      apiUrl: config.apiUrl,
      httpTimeoutMs: config.httpTimeoutMs,
      logger: deps.logger,
      onEnvelope: (connection, envelope) => receiver.handle(connection, envelope),
    }),
  })
  return {
    routes: install,
    checks: () => ({ socket: socket.state() === 'connected' }),
    started: socket.started,
    stop: () => socket.stop(),
  }
}
