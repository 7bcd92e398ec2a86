import type { Config } from '../config.js'
import type { Routes } from '../http/server.js'
import type { Asker } from '../inventory/access.js'
import type { Access } from '../inventory/roles.js'
import type { Logger } from '../logger.js'
import { createDoor } from './door.js'
import { createFiles } from './files.js'
import { createInteractions } from './interactions.js'
import { DEFAULT_ADMIN, type Person, peopleWithLabels, TEAM } from './people.js'
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
  /**
   * Once the bot runs: how to read a person's role, so the switcher can show it
   * (Slack knows nothing of the inventory's roles; the page is a convenience).
   */
  showRoles(access: (asker: Asker) => Promise<Access>): void
}

/** A role as the switcher shows it: `admin`, `clerk at north, south`. */
const roleLabel = (access: Access) =>
  access.locations ? `${access.role} at ${access.locations.join(', ')}` : access.role

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
  const off = { config, routes: {}, showRoles: () => {} }
  if (config.slack.mode !== 'local' || env.NODE_ENV === 'production') return off
  if (config.port === 0) {
    logger.warn('the playground needs a fixed PORT; it is off')
    return off
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
  let roleOf: ((person: Person) => Promise<string>) | undefined
  const labelled = async () => {
    if (!roleOf) return people
    const read = roleOf
    const roles = await Promise.all(people.map(async (p) => [p.id, await read(p)] as const)).catch((err) => {
      logger.warn({ err }, 'playground: could not read roles for the switcher')
      return []
    })
    return peopleWithLabels(adminUsers, new Map(roles))
  }
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
      labelled,
      token: PLAYGROUND_TOKEN,
      base,
    }),
    showRoles(access) {
      roleOf = async (person) =>
        roleLabel(
          await access({ teamId: TEAM.id, userId: person.id, slackAdmin: person.slack !== undefined }),
        )
    },
  }
}
