import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  launchChromium,
  newContext,
  openPlayground,
  type PlaygroundPage,
  screenshot,
} from '../helpers/browser.js'
import { createTestDatabase, type TestDatabase } from '../helpers/database.js'
import { freePort, runNode, type Spawned, waitForReady } from '../helpers/processes.js'

/**
 * `npm start` in local mode (the built bot, no Slack settings) and the
 * playground it serves, used in headless Chromium as a person would: every
 * command, click and form goes through the bot's real HTTP door.
 */
let db: TestDatabase
let bot: Spawned
let browser: Browser
let url: string
/** One page for the whole file (opening one costs seconds on a busy machine); each test starts from Alex in #warehouse. */
let p: PlaygroundPage
/** Far from UTC, so a date shown in UTC instead of the reader's zone would be caught. */
const TIME_ZONE = 'Pacific/Auckland'

beforeAll(async () => {
  db = await createTestDatabase()
  const port = await freePort()
  url = `http://127.0.0.1:${port}`
  ;[bot, browser] = await Promise.all([
    runNode('dist/main.js', [], { DATABASE_URL: db.url, PORT: String(port), SHUTDOWN_GRACE_MS: '2000' }),
    launchChromium(),
  ])
  await waitForReady(`${url}/readyz`)
  p = await openPlayground(await newContext(browser, TIME_ZONE), url)
})
beforeEach(async () => {
  await p.show('U0LOCAL', 'C0LOCAL')
})
afterAll(async () => {
  await p?.close()
  await browser?.close()
  bot?.child.kill('SIGTERM')
  await bot?.exited
  await db?.drop()
})

/** Creates an item with stock, by typing commands, and waits for each answer. */
async function stocked(p: PlaygroundPage, sku: string, quantity: number, min = 0) {
  await p.say(`new ${sku} Test ${sku.toLowerCase()}${min ? ` min ${min}` : ''}`)
  await p.message(`created ${sku}`)
  await p.say(`receive ${sku} ${quantity}`)
  await p.message(`received ${quantity} ${sku}`)
}

describe('the playground served by npm start in local mode', () => {
  it('says where it is in the log', () => {
    expect(bot.output()).toContain(`playground: open http://localhost:${new URL(url).port}/`)
  })

  it('creates an item with the New item form, receives stock, and shows the stock card', async () => {
    await p.say('new')
    const form = await p.modal()
    expect(await form.getByRole('heading').textContent()).toContain('New item')
    await form.getByLabel('SKU').fill('WIDGET')
    await form.getByLabel('Name').fill('Blue widget')
    await form.getByLabel('Reorder point').fill('5')
    await form.getByRole('button', { name: 'Create' }).click()
    await p.modalClosed()
    await p.message('created WIDGET Blue widget (reorder point 5)')

    await p.say('/inventory receive WIDGET 20 at main')
    const receipt = await p.message('received 20 WIDGET')
    expect(await receipt.textContent()).toContain('now 20 on hand at main')
    expect(await receipt.locator('.only-you').count()).toBe(0)
    await receipt.getByRole('button', { name: 'Undo' }).waitFor()

    await p.say('stock WIDGET')
    const card = await p.message('WIDGET — Blue widget')
    expect(await card.getByRole('heading').textContent()).toBe('WIDGET — Blue widget')
    expect(await card.textContent()).toContain('20 on hand · 20 available')
    for (const name of ['Receive', 'Issue', 'Move', 'Reserve', 'History'])
      await card.getByRole('button', { name, exact: true }).waitFor()
    await screenshot(p.page, 'playground-channel')
  })

  it('issues from the card with its form: the channel sees the movement and the card updates in place', async () => {
    await stocked(p, 'CABLE', 20)
    await p.say('stock CABLE')
    const card = await p.message('CABLE — Test cable')
    const cardTs = await card.getAttribute('data-ts')
    await card.getByRole('button', { name: 'Issue', exact: true }).click()
    const form = await p.modal()
    expect(await form.getByLabel('Location').inputValue()).toBe('main')
    await form.getByLabel('Quantity').fill('3')
    await form.getByLabel('Note').fill('bench 4')
    await form.getByRole('button', { name: 'Issue', exact: true }).click()

    const movement = await p.message('issued 3 CABLE')
    expect(await movement.textContent()).toContain('now 17 on hand at main · “bench 4”')
    const updated = p.page.locator(`#messages > li[data-ts="${cardTs}"]`, {
      hasText: '17 on hand · 17 available',
    })
    await updated.waitFor()
    expect(Number(await updated.getAttribute('data-rev'))).toBeGreaterThan(1)
    expect(await p.page.locator('dialog#modal[open]').count()).toBe(0)
  })

  it('shows the bot’s field error under its field and keeps the form open', async () => {
    await stocked(p, 'HOSE', 4)
    await p.say('stock HOSE')
    const card = await p.message('HOSE — Test hose')
    await card.getByRole('button', { name: 'Issue', exact: true }).click()
    const form = await p.modal()
    const quantity = form.getByLabel('Quantity')

    await quantity.fill('')
    await form.getByRole('button', { name: 'Issue', exact: true }).click()
    await form.getByText('Please complete this required field.').waitFor()

    await quantity.fill('9')
    await form.getByRole('button', { name: 'Issue', exact: true }).click()
    const error = form.locator('.field-error:not([hidden])')
    await error.filter({ hasText: 'Only 4 available at main' }).waitFor()
    expect(await quantity.getAttribute('aria-invalid')).toBe('true')
    expect(await quantity.getAttribute('aria-describedby')).toContain(await error.getAttribute('id'))
    await screenshot(p.page, 'playground-form-error')
    await form.getByRole('button', { name: 'Cancel' }).click()
    await p.modalClosed()
    await p.say('stock HOSE')
    expect(await (await p.message('HOSE — Test hose')).textContent()).toContain('4 on hand')
  })

  it('replaces the movement’s message when Undo is clicked', async () => {
    await stocked(p, 'VALVE', 6)
    const receipt = await p.message('received 6 VALVE')
    const ts = await receipt.getAttribute('data-ts')
    await receipt.getByRole('button', { name: 'Undo' }).click()
    const undone = p.page.locator(`#messages > li[data-ts="${ts}"]`, { hasText: 'undone by' })
    await undone.waitFor()
    expect(await undone.locator('s').textContent()).toContain('received 6 VALVE')
    expect(await undone.getByRole('button', { name: 'Undo' }).count()).toBe(0)
    expect(await p.page.locator('#messages > li', { hasText: 'received 6 VALVE' }).count()).toBe(1)
  })

  it('lets only a manager or an admin approve a reorder request: a clerk is told so, privately', async () => {
    await p.say('alerts #stock-alerts')
    await p.message('Low-stock alerts will go to #stock-alerts')
    await stocked(p, 'GASKET', 4, 10)
    await p.open('# stock-alerts')
    const alert = await p.message('Low stock: GASKET')
    await alert.getByRole('button', { name: 'Reorder' }).click()
    const form = await p.modal()
    await form.getByLabel('Supplier').fill('Acme')
    await form.getByRole('button', { name: 'Request' }).click()
    const request = await p.message('REQ-1: 10 GASKET')
    expect(await request.textContent()).toContain('waiting for a manager')

    await p.actAs('U0JO')
    expect(await p.page.locator('#user option:checked').textContent()).toBe('Jo Lindqvist (clerk)')
    await (await p.message('REQ-1')).getByRole('button', { name: 'Approve' }).click()
    const refusal = await p.message('You need the manager role to approve reorder requests')
    expect(await refusal.locator('.only-you').textContent()).toContain('Only visible to you')
    expect(await (await p.message('REQ-1')).textContent()).toContain('waiting for a manager')

    await p.actAs('U0SAM')
    expect(await p.page.locator('#user option:checked').textContent()).toBe('Sam Okafor (admin)')
    expect(
      await p.page
        .locator('#messages > li', { hasText: 'You need the manager role to approve reorder requests' })
        .count(),
    ).toBe(0)
    await (await p.message('REQ-1')).getByRole('button', { name: 'Approve' }).click()
    const approved = await p.message('approved by @Sam Okafor')
    await approved.getByRole('button', { name: 'Receive' }).waitFor()
    expect(await approved.getByRole('button', { name: 'Approve' }).count()).toBe(0)
  })

  it('opens the App Home with app_home_opened and shows low stock, with working buttons', async () => {
    await stocked(p, 'FUSE', 2, 5)
    await p.open('Inventory: Home')
    const home = p.page.locator('#home')
    const low = home.locator('.section', { hasText: 'FUSE Test fuse — 2 on hand, reorder point 5' })
    await low.waitFor()
    await screenshot(p.page, 'playground-home')
    await low.getByRole('button', { name: 'Reorder' }).click()
    const form = await p.modal()
    expect(await form.textContent()).toContain('FUSE')
    await form.getByRole('button', { name: 'Cancel' }).click()
    await p.modalClosed()
  })

  it('marks an error as visible only to the person who asked', async () => {
    await p.say('issue NOPE 5')
    const error = await p.message('There is no item NOPE here')
    expect(await error.locator('.only-you').textContent()).toContain('Only visible to you')
    expect(await error.getAttribute('class')).toContain('ephemeral')
    await p.actAs('U0JO')
    expect(await p.page.locator('#messages > li', { hasText: 'There is no item NOPE' }).count()).toBe(0)
  })

  it('can be used with the keyboard alone: the composer, then a button', async () => {
    await stocked(p, 'SCREW', 9)
    await p.reload()
    await p.page.keyboard.press('Tab')
    expect((await p.focused()).text).toBe('Skip to the message box')
    await p.page.keyboard.press('Enter')
    expect((await p.focused()).id).toBe('composer-input')
    await p.page.keyboard.type('stock SCREW')
    await p.page.keyboard.press('Enter')
    await p.message('SCREW — Test screw')
    // Backwards from the composer: the newest message's last button.
    await p.page.keyboard.press('Shift+Tab')
    expect((await p.focused()).text).toBe('History')
    await p.page.keyboard.press('Enter')
    const history = await p.message('movement of SCREW')
    // Slack's <!date^…> shows in the reader's time zone.
    const time = history.locator('.body time').first()
    const iso = await time.getAttribute('datetime')
    const expected = new Intl.DateTimeFormat('en-US', {
      timeZone: TIME_ZONE,
      hour: 'numeric',
      minute: '2-digit',
    }).format(new Date(iso ?? ''))
    expect(await time.textContent()).toMatch(new RegExp(`^(Today|Yesterday) ${expected}$`))
  })

  it('shows an export as a file with a download link', async () => {
    await stocked(p, 'NUT', 12)
    await p.say('export')
    const file = await p.message('Download stock')
    const link = file.getByRole('link', { name: /^Download stock.*\.csv$/ })
    const response = await fetch(new URL((await link.getAttribute('href')) ?? '', url))
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="stock.*\.csv"/)
    expect(await response.text()).toMatch(/^sku,.*\nNUT,/ms)
  })

  it('draws every element the bot uses and shows unknown blocks as placeholders', async () => {
    // A string, so the test runner leaves the browser's own import() alone.
    const drawn = (await p.page.evaluate(`(async () => {
      const { renderBlocks } = await import('/playground/blocks.js')
      const names = { user: (id) => id, channel: (id) => id }
      const blocks = [
        { type: 'rich_text', block_id: 'r', elements: [] },
        {
          type: 'section',
          block_id: 's',
          text: { type: 'mrkdwn', text: '*bold* _it_ ~gone~ \`code\` <https://example.com|link> <@U1> <#C1>' },
          accessory: { type: 'overflow', action_id: 'o', options: [{ text: { type: 'plain_text', text: 'One' }, value: '1' }] },
        },
        { type: 'actions', block_id: 'a', elements: [{ type: 'datepicker', action_id: 'd' }] },
        { type: 'image', block_id: 'i', image_url: 'https://example.com/x.png', alt_text: 'a chart' },
      ]
      const root = document.createElement('div')
      root.append(...renderBlocks(blocks, { names, act: async () => undefined }))
      return {
        notes: [...root.querySelectorAll('[role=note]')].map((e) => e.textContent),
        html: root.innerHTML,
        images: root.querySelectorAll('img').length,
      }
    })()`)) as { notes: string[]; html: string; images: number }
    expect(drawn.notes).toEqual([
      'This rich_text block is not shown in the playground.',
      '[datepicker element not shown in the playground]',
    ])
    expect(drawn.html).toContain('<strong>bold</strong> <em>it</em> <s>gone</s> <code>code</code>')
    expect(drawn.html).toContain('href="https://example.com"')
    expect(drawn.html).toContain('aria-label="More options"')
    expect(drawn.images).toBe(0) // an image from the internet is named, not fetched
  })

  it('stays readable at a phone’s width', async () => {
    await p.page.setViewportSize({ width: 360, height: 740 })
    try {
      await stocked(p, 'WASHER', 3)
      await p.say('stock WASHER')
      await p.message('WASHER — Test washer')
      const overflow = await p.page.evaluate('document.documentElement.scrollWidth - window.innerWidth')
      expect(overflow).toBeLessThanOrEqual(0)
    } finally {
      await p.page.setViewportSize({ width: 1100, height: 760 })
    }
  })
})
