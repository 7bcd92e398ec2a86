import type { Config } from '../config.js'
import type { Routes } from '../http/server.js'
import type { Logger } from '../logger.js'
import { createDoor } from './door.js'
import { createFiles } from './files.js'
import { createInteractions } from './interactions.js'
import { DEFAULT_ADMIN, peopleWithLabels } from './people.js'
import { playgroundRoutes } from './routes.js'
import { createViews } from './views.js'
import { createWorkspace } from './workspace.js'

/** The bot token the playground gives the bot; only the playground accepts it. */
const PLAYGROUND_TOKEN = 'xoxb-playground-local'

export interface Playground {
  /** The bot's configuration: unchanged, or (playground on) with Slack's Web API pointed at the playground. */
  readonly config: Config
  /** Routes to serve on the bot's HTTP server (none when the playground is off). */
  readonly routes: Routes
}

/**
 * Local mode's stand-in for Slack, served on the bot's port at `/`: a page
 * where people type commands, click buttons, fill modals and open the App
 * Home. It signs each request with the signing secret and POSTs it to
 * `/slack/events`; the bot's Web API calls and response_url posts come back
 * to it over HTTP, so the bot runs exactly the code it runs against Slack.
 *
 * Off (config unchanged, no routes) whenever Slack settings are present,
 * NODE_ENV is production, or PORT is 0 (the bot's Web API URL needs the port up front).
 */
export function localPlayground(config: Config, logger: Logger, env = process.env): Playground {
  if (config.slack.mode !== 'local' || env.NODE_ENV === 'production') return { config, routes: {} }
  if (config.port === 0) {
    logger.warn('the playground needs a fixed PORT; it is off')
    return { config, routes: {} }
  }
  const origin = `http://127.0.0.1:${config.port}`
  const base = `${origin}/playground/`
  // Someone must be able to approve and undo others' changes: Sam, unless ADMIN_USERS says who.
  const adminUsers = config.adminUsers.length ? config.adminUsers : [DEFAULT_ADMIN]
  const people = peopleWithLabels(adminUsers)
  const workspace = createWorkspace(people)
  const views = createViews(workspace.changed)
  const files = createFiles()
  const door = createDoor({ eventsUrl: `${origin}/slack/events`, signingSecret: config.slack.signingSecret })
  const interactions = createInteractions({ workspace, views, door, people, base })
  logger.info(
    { url: `http://localhost:${config.port}/`, admins: adminUsers },
    `playground: open http://localhost:${config.port}/ to use the bot in a browser, as any of ${people.length} people`,
  )
  return {
    config: Object.freeze({
      ...config,
      adminUsers,
      slack: Object.freeze({ ...config.slack, botToken: PLAYGROUND_TOKEN, apiUrl: `${base}api/` }),
    }),
    routes: playgroundRoutes({
      workspace,
      views,
      files,
      interactions,
      people,
      token: PLAYGROUND_TOKEN,
      base,
    }),
  }
}
