import type { Json } from './api.js'
import { h } from './dom.js'
import { type Names, renderText } from './text.js'

/** A button's `confirm` object as Slack shows it: a small dialog; resolves true only on Confirm. */
export function confirmDialog(confirm: Json, names: Names): Promise<boolean> {
  return new Promise((resolve) => {
    const style = confirm.style === 'danger' ? 'danger' : 'primary'
    const dialog = h(
      'dialog',
      { className: 'confirm', 'aria-labelledby': 'confirm-title' },
      h(
        'form',
        { method: 'dialog' },
        h('h2', { id: 'confirm-title' }, renderText(confirm.title, names)),
        h('div', { className: 'confirm-text' }, renderText(confirm.text, names)),
        h(
          'div',
          { className: 'dialog-actions' },
          h(
            'button',
            { className: 'btn', value: 'deny' },
            renderText(confirm.deny ?? { text: 'Cancel' }, names),
          ),
          h(
            'button',
            { className: `btn ${style}`, value: 'confirm' },
            renderText(confirm.confirm ?? { text: 'Yes' }, names),
          ),
        ),
      ),
    )
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm')
      dialog.remove()
    })
    document.body.append(dialog)
    dialog.showModal()
  })
}
