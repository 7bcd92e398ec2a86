import { mkdirSync } from 'node:fs'
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core'

/** Debian's Chromium (`.ci/run` installs it); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Long enough for a loaded 2-core machine; every wait is for a condition, never a fixed sleep. */
const WAIT_MS = 15_000

/**
 * Headless Chromium as this machine runs it: no sandbox (root), no GPU, and no
 * background connections (the network is closed). Playwright gives it a fresh profile directory.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** One browser context (profile) for a test file's pages: a fixed locale and time zone. */
export function newContext(browser: Browser, timezoneId = 'UTC'): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1100, height: 760 }, timezoneId, locale: 'en-US' })
}

/** The playground in a fresh page, driven the way a person uses it. */
export interface PlaygroundPage {
  readonly page: Page
  /** Types into the composer and presses Enter. */
  say(text: string): Promise<void>
  /** The newest message (list item) whose text matches; waits until there is one. */
  message(text: string | RegExp): Promise<Locator>
  /** The open modal; waits until one is open. */
  modal(): Promise<Locator>
  /** Waits until no modal is open. */
  modalClosed(): Promise<void>
  /** Goes to a person's view of a conversation by the address, as a bookmark would. */
  show(userId: string, conversation: string): Promise<void>
  /** Switches to another person with the switcher. */
  actAs(userId: string): Promise<void>
  /** Follows a sidebar link (`# warehouse`, `Inventory: Home`…). */
  open(linkText: string): Promise<void>
  /** The element that has the keyboard focus: its id and text. */
  focused(): Promise<{ id: string; text: string }>
  /** Reloads the page (the focus starts again from the top). */
  reload(): Promise<void>
  /** Closes the page; fails if its script threw. */
  close(): Promise<void>
}

export async function openPlayground(
  context: BrowserContext,
  baseUrl: string,
  options: { user?: string; conversation?: string } = {},
): Promise<PlaygroundPage> {
  const page = await context.newPage()
  page.setDefaultTimeout(WAIT_MS)
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  const loaded = () => page.locator('body[data-version]').waitFor({ state: 'attached' })
  const query = new URLSearchParams({ user: options.user ?? 'U0LOCAL', c: options.conversation ?? 'C0LOCAL' })
  await page.goto(`${baseUrl}/#${query}`)
  await loaded()

  const messages = page.locator('#messages > li')
  /** The sidebar's links carry the person: drawn for them means the page shows what they see. */
  const drawnFor = (userId: string) =>
    page.locator(`nav a[aria-current="page"][href*="user=${userId}"]`).waitFor()
  return {
    page,
    async say(text) {
      await page.locator('#composer-input').fill(text)
      await page.locator('#composer-input').press('Enter')
    },
    async message(text) {
      const found = messages.filter({ hasText: text }).last()
      await found.waitFor()
      return found
    },
    async modal() {
      const modal = page.locator('dialog#modal[open]')
      await modal.waitFor()
      return modal
    },
    modalClosed: () => page.locator('dialog#modal[open]').waitFor({ state: 'detached' }),
    async show(userId, conversation) {
      await page.evaluate(
        `location.hash = ${JSON.stringify(new URLSearchParams({ user: userId, c: conversation }).toString())}`,
      )
      await drawnFor(userId)
    },
    async actAs(userId) {
      await page.locator('#user').selectOption(userId)
      await drawnFor(userId)
    },
    async open(linkText) {
      await page.locator('nav').getByRole('link', { name: linkText, exact: true }).click()
      await page.locator('nav a[aria-current="page"]', { hasText: linkText }).waitFor()
    },
    // Strings, so that this file needs no DOM types: they run in the page.
    focused: () =>
      page.evaluate(
        '({ id: document.activeElement?.id ?? "", text: document.activeElement?.textContent ?? "" })',
      ) as Promise<{ id: string; text: string }>,
    async reload() {
      await page.reload()
      await loaded()
    },
    async close() {
      await page.close()
      if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`)
    },
  }
}

/** With UPDATE_SCREENSHOTS=1, saves the page under docs/ (the README's pictures); otherwise does nothing. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.UPDATE_SCREENSHOTS) return
  mkdirSync('docs/screenshots', { recursive: true })
  await page.screenshot({ path: `docs/screenshots/${name}.png` })
}
