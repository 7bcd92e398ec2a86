import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { BOT_SCOPES, COMMAND_SCOPES, METHOD_SCOPES } from '../../src/slack/scopes.js'
import { COMMAND } from '../../src/slack/wording/index.js'

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sources(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
  )
  return nested.flat().filter((f) => f.endsWith('.ts'))
}

const code = async () =>
  (await Promise.all((await sources('src')).map((f) => readFile(f, 'utf8')))).join('\n')
const yamlFile = async (path: string) => parse(await readFile(path, 'utf8'))

describe('the Slack app manifest', () => {
  it('asks for exactly the bot scopes the code uses', async () => {
    const called = new Set(
      [...(await code()).matchAll(/\.call\(\s*'([a-z]+\.[A-Za-z]+)'/g)].map((m) => m[1] as string),
    )
    expect(called.size).toBeGreaterThan(5)
    for (const method of called) expect(Object.keys(METHOD_SCOPES), `scope of ${method}`).toContain(method)
    const needed = new Set([...COMMAND_SCOPES, ...[...called].flatMap((m) => METHOD_SCOPES[m] ?? [])])
    const manifest = await yamlFile('manifest.yml')
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort())
    // What an OAuth install asks for is the same list.
    expect([...BOT_SCOPES].sort()).toEqual([...needed].sort())
    expect(manifest.oauth_config.redirect_urls).toEqual(['https://YOUR-HOST/slack/oauth_redirect'])
  })

  it('declares the command, escaped, and the events the code listens for, all on /slack/events', async () => {
    const manifest = await yamlFile('manifest.yml')
    const [command] = manifest.features.slash_commands
    expect(command).toMatchObject({ command: COMMAND, should_escape: true })
    // The rows of the events' table: `app_home_opened: appHomeOpened(deps),`.
    const table = await readFile('src/slack/listeners/events/index.ts', 'utf8')
    const listened = [...table.matchAll(/^ {4}([a-z_]+): \w+\(deps\),$/gm)].map((m) => m[1])
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...listened].sort())
    for (const url of [
      command.url,
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ])
      expect(url).toMatch(/\/slack\/events$/)
    expect(manifest.features.app_home.home_tab_enabled).toBe(true)
  })
})

describe('the Socket Mode manifest', () => {
  it('is manifest.yml with Socket Mode on and no request URL, and names the app-level token scope', async () => {
    const http = await yamlFile('manifest.yml')
    const socket = await yamlFile('manifest.socket-mode.yml')
    expect(socket.settings.socket_mode_enabled).toBe(true)
    expect(http.settings.socket_mode_enabled).toBe(false)
    expect(JSON.stringify(socket)).not.toMatch(/url/i)
    const withoutUrls = (value: unknown): unknown =>
      JSON.parse(JSON.stringify(value, (key, v) => (/urls?$/.test(key) ? undefined : v)))
    const { socket_mode_enabled: _s, ...socketSettings } = socket.settings
    const { socket_mode_enabled: _h, ...httpSettings } = http.settings
    expect(withoutUrls({ ...socket, settings: socketSettings })).toEqual(
      withoutUrls({ ...http, settings: httpSettings }),
    )
    expect(await readFile('manifest.socket-mode.yml', 'utf8')).toContain('connections:write')
  })
})

describe('docker-compose.yml', () => {
  it('lets bot and worker scale: no fixed host port, no container name', async () => {
    const compose = await yamlFile('docker-compose.yml')
    for (const name of ['bot', 'worker']) {
      const service = compose.services[name]
      expect(service, name).toBeDefined()
      expect(service.ports, `${name} ports`).toBeUndefined()
      expect(service.container_name, `${name} container_name`).toBeUndefined()
    }
    expect(compose.services.bot.depends_on.migrate.condition).toBe('service_completed_successfully')
    expect(compose.services.bot.depends_on.db.condition).toBe('service_healthy')
    expect(compose.services.lb.ports).toEqual(['3000:80'])
  })

  it('keeps to Compose v1: no top-level name, no start_interval, no develop', async () => {
    const text = await readFile('docker-compose.yml', 'utf8')
    expect(parse(text).name).toBeUndefined()
    expect(text).not.toMatch(/^\s*(start_interval|develop):/m)
  })
})
