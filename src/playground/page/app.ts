import {
  getState,
  type Json,
  type MessageJson,
  type PageState,
  type Person,
  post,
  type ViewJson,
} from './api.js'
import { type Act, renderBlocks } from './blocks.js'
import { byId, h } from './dom.js'
import { type ModalHandlers, showModal } from './modal.js'
import { type Names, renderMrkdwn } from './text.js'

/** The App Home's pseudo-conversation id in the page's address. */
const HOME = 'home'
const DEFAULT_CONVERSATION = 'C0LOCAL'

const ui = {
  user: byId<HTMLSelectElement>('user'),
  channels: byId<HTMLUListElement>('channels'),
  apps: byId<HTMLUListElement>('apps'),
  title: byId<HTMLHeadingElement>('conversation-title'),
  messages: byId<HTMLOListElement>('messages'),
  home: byId<HTMLElement>('home'),
  composer: byId<HTMLFormElement>('composer'),
  input: byId<HTMLInputElement>('composer-input'),
  status: byId<HTMLElement>('status'),
  modal: byId<HTMLDialogElement>('modal'),
}

/** Who the page is acting as, and where: kept in the address (`#user=…&c=…`), so a reload stays put. */
let where = readLocation()
let state: PageState | undefined

const names: Names = {
  user: (id) => personOf(id)?.name ?? (id === state?.bot.userId ? (state?.bot.name ?? id) : id),
  channel: (id) => state?.channels.find((c) => c.id === id)?.name ?? id,
}
const personOf = (id: string): Person | undefined => state?.people.find((p) => p.id === id)
const authorName = (id: string) => (id === 'USLACKBOT' ? 'Slackbot' : names.user(id))
/** The switcher's label; a role added later is one more label. */
const personLabel = (p: Person) => (p.labels.length ? `${p.name} (${p.labels.join(', ')})` : p.name)

function readLocation() {
  const params = new URLSearchParams(location.hash.slice(1))
  return { user: params.get('user') ?? '', conversation: params.get('c') ?? DEFAULT_CONVERSATION }
}
const hrefFor = (conversation: string) => `#${new URLSearchParams({ user: where.user, c: conversation })}`

function announce(text: string) {
  ui.status.textContent = text
}

let loading: Promise<void> | undefined
let stale = false
/** Reads the state for the current person and conversation and draws it; calls during a read coalesce into one more. */
function refresh(): Promise<void> {
  stale = true
  loading ??= (async () => {
    while (stale) {
      stale = false
      const asked = { ...where }
      try {
        const next = await getState(asked.user, asked.conversation)
        if (asked.user === where.user && asked.conversation === where.conversation) render(next)
        else stale = true
      } catch (error) {
        announce(`Could not read the playground: ${(error as Error).message}`)
      }
    }
  })().finally(() => {
    loading = undefined
  })
  return loading
}

function render(next: PageState) {
  state = next
  if (!where.user) {
    where = { ...where, user: next.people[0]?.id ?? '' }
    history.replaceState(null, '', hrefFor(where.conversation))
  }
  renderPeople(next.people)
  renderSidebar(next)
  const onHome = where.conversation === HOME
  ui.home.hidden = !onHome
  ui.messages.hidden = onHome
  ui.composer.hidden = onHome
  if (onHome) renderHome(next.home)
  else renderMessages(next.messages)
  showModal(ui.modal, next.modals.at(-1), modalHandlers)
  document.body.dataset.version = String(next.version)
}

function renderPeople(people: readonly Person[]) {
  const labels = people.map(personLabel)
  if ([...ui.user.options].map((o) => o.text).join('\n') !== labels.join('\n'))
    ui.user.replaceChildren(...people.map((p, i) => h('option', { value: p.id }, labels[i] ?? p.name)))
  ui.user.value = where.user
}

function renderSidebar(s: PageState) {
  const link = (conversation: string, text: string) =>
    h(
      'li',
      {},
      h(
        'a',
        { href: hrefFor(conversation), 'aria-current': where.conversation === conversation && 'page' },
        text,
      ),
    )
  ui.channels.replaceChildren(...s.channels.map((c) => link(c.id, `# ${c.name}`)))
  ui.apps.replaceChildren(link(HOME, `${s.bot.name}: Home`), link(s.directChannel, `${s.bot.name}: Messages`))
  const channel = s.channels.find((c) => c.id === where.conversation)
  const title = channel
    ? `#${channel.name}`
    : where.conversation === HOME
      ? `${s.bot.name} — Home`
      : `${s.bot.name} — Messages`
  ui.title.textContent = title
  ui.input.setAttribute('aria-label', `Message ${title}`)
  ui.input.placeholder = `/inventory help — in ${title}`
}

/** Redraws only messages that are new or changed (by ts and rev), keeping the focus where it was. */
function renderMessages(messages: readonly MessageJson[]) {
  const existing = new Map(
    [...ui.messages.children].map((li) => [(li as HTMLElement).dataset.ts, li as HTMLElement]),
  )
  const atBottom = ui.messages.scrollHeight - ui.messages.scrollTop - ui.messages.clientHeight < 40
  let added = false
  let previous: Element | null = null
  for (const message of messages) {
    let li = existing.get(message.ts)
    existing.delete(message.ts)
    if (!li || li.dataset.rev !== String(message.rev)) {
      const fresh = messageElement(message)
      if (li) replaceKeepingFocus(li, fresh)
      else added = true
      li = fresh
    }
    const wanted: ChildNode | null = previous ? previous.nextSibling : ui.messages.firstChild
    if (wanted !== li) ui.messages.insertBefore(li, wanted)
    previous = li
  }
  for (const gone of existing.values()) gone.remove()
  if (added && atBottom) ui.messages.scrollTop = ui.messages.scrollHeight
}

function messageElement(m: MessageJson): HTMLLIElement {
  const at = new Date(Number(m.ts) * 1000)
  const isApp = m.author === state?.bot.userId
  const body = m.blocks.length
    ? renderBlocks(m.blocks, { names, act: (action) => click({ ...action, channel: m.channel, ts: m.ts }) })
    : [h('div', { className: 'block section' }, renderMrkdwn(m.text, names))]
  return h(
    'li',
    {
      className: m.ephemeral ? 'message ephemeral' : 'message',
      'data-ts': m.ts,
      'data-rev': m.rev,
      tabindex: -1,
    },
    m.ephemeral
      ? h(
          'p',
          { className: 'only-you' },
          'Only visible to you',
          h('button', { type: 'button', className: 'link', onclick: () => dismiss(m) }, 'Dismiss'),
        )
      : null,
    h(
      'p',
      { className: 'meta' },
      h('span', { className: 'author' }, authorName(m.author)),
      isApp ? h('span', { className: 'badge' }, 'APP') : null,
      h(
        'time',
        { datetime: at.toISOString() },
        at.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' }),
      ),
    ),
    m.invocation ? h('p', { className: 'invocation' }, h('code', {}, m.invocation)) : null,
    h('div', { className: 'body' }, ...body),
    m.file
      ? h(
          'p',
          { className: 'file' },
          h('span', { className: 'file-name' }, m.file.title),
          ` · ${formatSize(m.file.size)} · `,
          h('a', { href: m.file.url, download: m.file.name }, `Download ${m.file.name}`),
        )
      : null,
  )
}

function renderHome(home: ViewJson | null) {
  if (ui.home.dataset.hash === (home?.hash ?? 'none')) return
  const content = home
    ? renderBlocks(home.blocks, { names, act: (action) => click({ ...action, viewId: home.id }) })
    : [h('p', { className: 'empty' }, 'Opening the Home… the bot publishes it when you open this tab.')]
  const container = h('div', {}, ...content)
  replaceKeepingFocus(ui.home.firstElementChild as HTMLElement | null, container, ui.home)
  ui.home.dataset.hash = home?.hash ?? 'none'
}

/**
 * Swaps `old` for `fresh`; if the focus was inside, it moves to the same
 * button in the new version (by block and action id), else to the new element.
 */
function replaceKeepingFocus(old: HTMLElement | null, fresh: HTMLElement, parent?: HTMLElement) {
  const active = document.activeElement as HTMLElement | null
  const inside = Boolean(old && active && old.contains(active))
  const key = inside && active ? focusKey(active) : undefined
  if (old) old.replaceWith(fresh)
  else parent?.replaceChildren(fresh)
  if (!inside) return
  const match = key
    ? [...fresh.querySelectorAll<HTMLElement>('[data-action-id]')].find((e) => focusKey(e) === key)
    : undefined
  ;(match ?? (fresh.tabIndex >= 0 || fresh.hasAttribute('tabindex') ? fresh : ui.input)).focus()
}
const focusKey = (e: HTMLElement) =>
  `${e.closest<HTMLElement>('[data-block-id]')?.dataset.blockId}/${e.dataset.actionId}`

async function click(body: Act & Json) {
  const answer = await post('action', { user: where.user, ...body })
  if (answer.error) announce(`Slack would show an error on that click: ${answer.error}`)
}

async function dismiss(m: MessageJson) {
  await post('dismiss', { user: where.user, channel: m.channel, ts: m.ts })
  ui.input.focus()
}

async function openHome() {
  const answer = await post('home', { user: where.user })
  if (answer.error) announce(`The bot did not take app_home_opened: ${answer.error}`)
}

const modalHandlers: ModalHandlers = {
  names,
  act: (view, action, values) => click({ ...action, viewId: view.id, values }),
  submit: (view, values) => post('submit', { user: where.user, viewId: view.id, values }),
  close: async (view) => {
    await post('close', { user: where.user, viewId: view.id })
  },
}

function formatSize(bytes: number) {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`
}

/** Up and Down in an empty composer walk through what was sent, like a shell. */
const sent: string[] = []
let recalled = 0

ui.composer.addEventListener('submit', async (event) => {
  event.preventDefault()
  const text = ui.input.value.trim()
  if (!text) return
  sent.push(text)
  recalled = sent.length
  ui.input.value = ''
  ui.composer.setAttribute('aria-busy', 'true')
  const answer = await post('command', { user: where.user, conversation: where.conversation, text })
  ui.composer.removeAttribute('aria-busy')
  if (answer.error) announce(answer.error)
})
ui.input.addEventListener('keydown', (event) => {
  if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return
  if (ui.input.value && sent[recalled] !== ui.input.value) return
  recalled = Math.max(0, Math.min(sent.length, recalled + (event.key === 'ArrowUp' ? -1 : 1)))
  ui.input.value = sent[recalled] ?? ''
  event.preventDefault()
})
// The address holds who and where, so the skip link moves the focus instead of the address.
byId<HTMLAnchorElement>('skip').addEventListener('click', (event) => {
  event.preventDefault()
  ui.input.focus()
})
ui.user.addEventListener('change', () => {
  location.hash = new URLSearchParams({ user: ui.user.value, c: where.conversation }).toString()
})
ui.modal.addEventListener('cancel', (event) => {
  event.preventDefault()
  const view = state?.modals.at(-1)
  if (view) void modalHandlers.close(view)
})
window.addEventListener('hashchange', () => {
  const next = readLocation()
  const moved = next.conversation !== where.conversation || next.user !== where.user
  where = next
  if (!moved) return
  ui.messages.replaceChildren()
  delete ui.home.dataset.hash
  announce('')
  void refresh()
  if (where.conversation === HOME) void openHome()
})

await refresh()
if (where.conversation === HOME) await openHome()
// The server says when anything changed; the page then reads what this person sees (and after
// every reconnection, since a restarted bot counts its versions from 0 again).
const changes = new EventSource('/playground/stream')
changes.addEventListener('open', () => void refresh())
changes.addEventListener('message', (event) => {
  if (Number(event.data) !== state?.version) void refresh()
})
