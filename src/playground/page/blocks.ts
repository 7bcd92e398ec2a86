import type { Json } from './api.js'
import { confirmDialog } from './confirm.js'
import { h } from './dom.js'
import { type Names, renderText } from './text.js'

/** An interactive element used: which block, which element, and a select's chosen value. */
export interface Act {
  readonly blockId: string
  readonly actionId: string
  readonly selected?: string
}

export interface BlockContext {
  readonly names: Names
  /** Sends the click to the bot (block_actions); resolves once it acknowledged. */
  readonly act: (action: Act) => Promise<void>
  /** Ids of a modal's inputs start with this. */
  readonly inputPrefix?: string
}

/** The options of each select, so a submission sends the chosen option as Slack does (text and value). */
export const selectOptions = new WeakMap<HTMLSelectElement, readonly Json[]>()

type Renderer = (block: Json, context: BlockContext) => HTMLElement
type ElementRenderer = (element: Json, blockId: string, context: BlockContext) => HTMLElement

const str = (value: unknown) => (typeof value === 'string' ? value : '')
const list = (value: unknown) => (Array.isArray(value) ? (value as Json[]) : [])

/** Every block type the playground draws; anything else shows as a visible placeholder, never dropped. */
const BLOCKS: Readonly<Record<string, Renderer>> = {
  section: (block, context) => {
    const fields = list(block.fields)
    return h(
      'div',
      { className: 'block section' },
      h(
        'div',
        { className: 'section-body' },
        block.text ? h('div', { className: 'section-text' }, renderText(block.text, context.names)) : null,
        fields.length
          ? h(
              'div',
              { className: 'fields' },
              ...fields.map((f) => h('div', {}, renderText(f, context.names))),
            )
          : null,
      ),
      block.accessory
        ? h('div', { className: 'accessory' }, element(block.accessory as Json, str(block.block_id), context))
        : null,
    )
  },
  divider: () => h('hr', { className: 'block divider' }),
  header: (block, context) =>
    h(
      'div',
      { className: 'block header', role: 'heading', 'aria-level': 3 },
      renderText(block.text, context.names),
    ),
  context: (block, context) =>
    h(
      'div',
      { className: 'block context' },
      ...list(block.elements).map((e) =>
        e.type === 'image' ? image(e) : h('span', {}, renderText(e, context.names)),
      ),
    ),
  actions: (block, context) =>
    h(
      'div',
      { className: 'block actions', role: 'group' },
      ...list(block.elements).map((e) => element(e, str(block.block_id), context)),
    ),
  image: (block, context) =>
    h(
      'figure',
      { className: 'block image' },
      image(block),
      block.title ? h('figcaption', {}, renderText(block.title, context.names)) : null,
    ),
  input: (block, context) => {
    const blockId = str(block.block_id)
    const id = `${context.inputPrefix ?? 'input'}-${blockId}`
    const control = (INPUTS[str((block.element as Json)?.type)] ?? unknownElement)(
      (block.element ?? {}) as Json,
      blockId,
      context,
    )
    control.id = id
    control.setAttribute('aria-describedby', `${id}-hint ${id}-error`)
    if (!block.optional) control.setAttribute('aria-required', 'true')
    return h(
      'div',
      { className: 'block input', 'data-block-id': blockId },
      h(
        'label',
        { for: id },
        renderText(block.label, context.names),
        block.optional ? h('span', { className: 'optional' }, ' (optional)') : null,
      ),
      control,
      h(
        'p',
        { className: 'hint', id: `${id}-hint` },
        block.hint ? renderText(block.hint, context.names) : '',
      ),
      h('p', { className: 'field-error', id: `${id}-error`, hidden: true }),
    )
  },
}

/** Interactive elements in sections and actions blocks. */
const ELEMENTS: Readonly<Record<string, ElementRenderer>> = {
  button: (e, blockId, context) => {
    const button = h(
      'button',
      { type: 'button', className: `btn ${str(e.style)}`.trim(), 'data-action-id': str(e.action_id) },
      renderText(e.text, context.names),
    )
    button.addEventListener('click', async () => {
      if (button.getAttribute('aria-busy') === 'true') return
      if (e.confirm && !(await confirmDialog(e.confirm as Json, context.names))) return
      if (typeof e.url === 'string' && /^https?:/.test(e.url)) window.open(e.url, '_blank', 'noopener')
      button.setAttribute('aria-busy', 'true')
      await context
        .act({ blockId, actionId: str(e.action_id) })
        .finally(() => button.removeAttribute('aria-busy'))
    })
    return button
  },
  static_select: (e, blockId, context) =>
    choice(e, blockId, context, str((e.placeholder as Json)?.text) || 'Select'),
  overflow: (e, blockId, context) => choice(e, blockId, context, '⋯', 'More options'),
  image: (e) => image(e),
}

/** Elements of input blocks, in modals: what Slack's client collects into `view.state.values`. */
const INPUTS: Readonly<Record<string, ElementRenderer>> = {
  plain_text_input: (e) => {
    const attributes = {
      'data-type': 'plain_text_input',
      'data-action-id': str(e.action_id),
      maxlength: typeof e.max_length === 'number' ? e.max_length : undefined,
      'data-min-length': typeof e.min_length === 'number' ? e.min_length : undefined,
      placeholder: str((e.placeholder as Json)?.text) || undefined,
    }
    const control = e.multiline
      ? h('textarea', { ...attributes, rows: 3 })
      : h('input', { ...attributes, type: 'text' })
    control.value = str(e.initial_value)
    return control
  },
  number_input: (e) => {
    const control = h('input', {
      type: 'text',
      inputmode: e.is_decimal_allowed ? 'decimal' : 'numeric',
      'data-type': 'number_input',
      'data-action-id': str(e.action_id),
      'data-decimal': e.is_decimal_allowed === true,
      'data-min': str(e.min_value) || undefined,
      'data-max': str(e.max_value) || undefined,
      placeholder: str((e.placeholder as Json)?.text) || undefined,
    })
    control.value = str(e.initial_value)
    return control
  },
  static_select: (e) => {
    const options = list(e.options)
    const select = h(
      'select',
      { 'data-type': 'static_select', 'data-action-id': str(e.action_id) },
      h('option', { value: '' }, str((e.placeholder as Json)?.text) || 'Select an option'),
      ...options.map((o) => h('option', { value: str(o.value) }, str((o.text as Json)?.text))),
    )
    select.value = str((e.initial_option as Json)?.value)
    selectOptions.set(select, options)
    return select
  },
}

/** A Block Kit surface's blocks as elements. */
export function renderBlocks(blocks: readonly Json[] | undefined, context: BlockContext): HTMLElement[] {
  return (blocks ?? []).map((block) => {
    const render = BLOCKS[str(block.type)]
    const drawn = render
      ? render(block, context)
      : h(
          'div',
          { className: 'block unknown', role: 'note' },
          `This ${str(block.type) || 'unnamed'} block is not shown in the playground.`,
        )
    drawn.dataset.blockId = str(block.block_id)
    return drawn
  })
}

function element(e: Json, blockId: string, context: BlockContext): HTMLElement {
  return (ELEMENTS[str(e.type)] ?? unknownElement)(e, blockId, context)
}

function unknownElement(e: Json): HTMLElement {
  return h(
    'span',
    { className: 'unknown', role: 'note' },
    `[${str(e.type) || 'unnamed'} element not shown in the playground]`,
  )
}

/** A select or overflow menu in a message: choosing an option is the click. */
function choice(e: Json, blockId: string, context: BlockContext, placeholder: string, label?: string) {
  const groups = list(e.option_groups).flatMap((g) => list(g.options))
  const options = [...list(e.options), ...groups]
  const select = h(
    'select',
    {
      className: `menu ${str(e.type)}`,
      'aria-label': label ?? placeholder,
      'data-action-id': str(e.action_id),
    },
    h('option', { value: '' }, placeholder),
    ...options.map((o) => h('option', { value: str(o.value) }, str((o.text as Json)?.text))),
  )
  select.value = str((e.initial_option as Json)?.value)
  select.addEventListener('change', async () => {
    const selected = select.value
    if (!selected) return
    if (e.type === 'overflow') select.value = ''
    if (e.confirm && !(await confirmDialog(e.confirm as Json, context.names))) return
    await context.act({ blockId, actionId: str(e.action_id), selected })
  })
  return select
}

/** Images from this page's own server show; others are named, not fetched: nothing comes from the internet. */
function image(e: Json): HTMLElement {
  const url = str(e.image_url)
  const alt = str(e.alt_text) || 'image'
  if (url.startsWith('/') || url.startsWith('data:image/'))
    return h('img', { src: url, alt, className: 'image' })
  return h('span', { className: 'image-placeholder', role: 'img', 'aria-label': alt, title: url }, `🖼 ${alt}`)
}
