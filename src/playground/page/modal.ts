import type { Json, ViewJson } from './api.js'
import { type Act, renderBlocks, selectOptions } from './blocks.js'
import { h } from './dom.js'
import { type Names, renderText } from './text.js'

export interface ModalHandlers {
  readonly names: Names
  /** A click inside the modal, with its inputs' current state. */
  act(view: ViewJson, action: Act, values: Json): Promise<void>
  /** Submits the inputs; resolves with the bot's field errors, or a general error. */
  submit(view: ViewJson, values: Json): Promise<{ errors?: Record<string, string>; error?: string }>
  close(view: ViewJson): Promise<void>
}

/** Slack's client checks these before anything is sent, with its own wording. */
export const CLIENT_ERRORS = {
  required: 'Please complete this required field.',
  number: 'Please enter a number.',
  whole: 'Please enter a whole number.',
  range: (min?: string, max?: string) =>
    min && max
      ? `Please enter a number from ${min} to ${max}.`
      : min
        ? `Please enter at least ${min}.`
        : `Please enter at most ${max}.`,
  short: (n: string) => `Please enter at least ${n} characters.`,
}

/** What had the focus when the modal opened. */
let opener: HTMLElement | null = null

/**
 * The person's top modal in a `<dialog>`: title, inputs, Close and Submit.
 * Redrawn only when the view changes (a new id or hash); inputs with the same
 * block and action keep what was typed, as in Slack.
 */
export function showModal(
  dialog: HTMLDialogElement,
  view: ViewJson | undefined,
  handlers: ModalHandlers,
): void {
  if (!view) {
    if (!dialog.open) return
    dialog.close()
    dialog.replaceChildren()
    delete dialog.dataset.viewId
    // Back to where the person was before the modal, or to the composer if that is gone.
    ;(opener?.isConnected ? opener : document.getElementById('composer-input'))?.focus()
    return
  }
  if (dialog.dataset.viewId === view.id && dialog.dataset.hash === view.hash) return
  const kept = dialog.dataset.viewId === view.id ? collectValues(dialog) : {}
  const form = h('form', { className: 'modal', novalidate: true })
  const general = h('p', { className: 'modal-error', role: 'alert', hidden: true })
  const titleId = `title-${view.id}`
  const closeText = (view.close ?? { type: 'plain_text', text: 'Close' }) as Json
  form.append(
    h(
      'header',
      {},
      h('h2', { id: titleId }, renderText(view.title, handlers.names)),
      h(
        'button',
        { type: 'button', className: 'icon', 'aria-label': 'Close', onclick: () => handlers.close(view) },
        '×',
      ),
    ),
    h(
      'div',
      { className: 'modal-body' },
      ...renderBlocks(view.blocks, {
        names: handlers.names,
        inputPrefix: `input-${view.id}`,
        act: (action) => handlers.act(view, action, collectValues(form)),
      }),
    ),
    general,
    h(
      'footer',
      { className: 'dialog-actions' },
      h(
        'button',
        { type: 'button', className: 'btn', onclick: () => handlers.close(view) },
        renderText(closeText, handlers.names),
      ),
      view.submit
        ? h('button', { type: 'submit', className: 'btn primary' }, renderText(view.submit, handlers.names))
        : null,
    ),
  )
  restoreValues(form, kept)
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const submit = form.querySelector<HTMLButtonElement>('button[type=submit]')
    if (submit?.getAttribute('aria-busy') === 'true') return
    general.hidden = true
    const problems = validate(form)
    if (showErrors(form, problems)) return
    submit?.setAttribute('aria-busy', 'true')
    const answer = await handlers.submit(view, collectValues(form))
    submit?.removeAttribute('aria-busy')
    if (answer.errors) showErrors(form, answer.errors)
    if (answer.error) {
      general.textContent = answer.error
      general.hidden = false
    }
  })
  dialog.setAttribute('aria-labelledby', titleId)
  dialog.replaceChildren(form)
  dialog.dataset.viewId = view.id
  dialog.dataset.hash = view.hash
  if (!dialog.open) {
    opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    dialog.showModal()
  }
  form.querySelector<HTMLElement>('input, textarea, select')?.focus()
}

/** `view.state.values`, as Slack sends it: block_id → action_id → the element's state. */
export function collectValues(root: ParentNode): Json {
  const values: Record<string, Json> = {}
  for (const control of root.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
    '[data-type]',
  )) {
    const blockId = control.closest<HTMLElement>('[data-block-id]')?.dataset.blockId
    const actionId = control.dataset.actionId
    if (!blockId || !actionId) continue
    const type = control.dataset.type
    const state =
      control instanceof HTMLSelectElement
        ? {
            type,
            selected_option:
              (selectOptions.get(control) ?? []).find((o) => o.value === control.value) ?? null,
          }
        : { type, value: control.value === '' ? null : control.value }
    values[blockId] = { ...values[blockId], [actionId]: state }
  }
  return values
}

function restoreValues(root: ParentNode, values: Json): void {
  for (const control of root.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
    '[data-type]',
  )) {
    const blockId = control.closest<HTMLElement>('[data-block-id]')?.dataset.blockId ?? ''
    const state = (values[blockId] as Json | undefined)?.[control.dataset.actionId ?? ''] as Json | undefined
    if (!state) continue
    const option = state.selected_option as Json | null | undefined
    control.value = String(option ? option.value : (state.value ?? ''))
  }
}

/** What Slack's client refuses before sending: empty required fields, numbers out of bounds, text too short. */
function validate(form: HTMLFormElement): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const control of form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
    '[data-type]',
  )) {
    const blockId = control.closest<HTMLElement>('[data-block-id]')?.dataset.blockId ?? ''
    const value = control.value.trim()
    if (!value) {
      if (control.getAttribute('aria-required') === 'true') errors[blockId] = CLIENT_ERRORS.required
      continue
    }
    const { type, min, max, decimal, minLength } = control.dataset
    if (type === 'number_input') {
      const n = Number(value)
      if (!/^-?\d+(\.\d+)?$/.test(value) || !Number.isFinite(n)) errors[blockId] = CLIENT_ERRORS.number
      else if (decimal !== 'true' && !Number.isInteger(n)) errors[blockId] = CLIENT_ERRORS.whole
      else if ((min && n < Number(min)) || (max && n > Number(max)))
        errors[blockId] = CLIENT_ERRORS.range(min, max)
    }
    if (type === 'plain_text_input' && minLength && value.length < Number(minLength))
      errors[blockId] = CLIENT_ERRORS.short(minLength)
  }
  return errors
}

/** Shows each error under its field (block_id → message) and focuses the first; true when there were any. */
function showErrors(form: HTMLFormElement, errors: Record<string, string>): boolean {
  let first: HTMLElement | undefined
  for (const block of form.querySelectorAll<HTMLElement>('[data-block-id]')) {
    const message = errors[block.dataset.blockId ?? '']
    const control = block.querySelector<HTMLElement>('[data-type]')
    const slot = block.querySelector<HTMLElement>('.field-error')
    if (!control || !slot) continue
    slot.textContent = message ?? ''
    slot.hidden = !message
    if (message) control.setAttribute('aria-invalid', 'true')
    else control.removeAttribute('aria-invalid')
    if (message && !first) first = control
  }
  first?.focus()
  return Boolean(first)
}
