import type { Json } from './api.js'
import { h } from './dom.js'
import { formatDate, type Inline, parseMrkdwn, parsePlain } from './mrkdwn.js'

/** How mentions are named: people and channels by name, unknown ids as they are. */
export interface Names {
  user(id: string): string
  channel(id: string): string
}

/** A text object (`mrkdwn` or `plain_text`) as DOM nodes. */
export function renderText(text: unknown, names: Names): DocumentFragment {
  const object = (text ?? {}) as Json
  const raw = typeof object.text === 'string' ? object.text : ''
  return renderInline(
    object.type === 'mrkdwn' ? parseMrkdwn(raw) : parsePlain(raw, object.emoji !== false),
    names,
  )
}

/** A message's fallback `text`, which Slack formats as mrkdwn. */
export const renderMrkdwn = (text: string, names: Names) => renderInline(parseMrkdwn(text), names)

function renderInline(nodes: readonly Inline[], names: Names): DocumentFragment {
  const fragment = document.createDocumentFragment()
  for (const node of nodes) fragment.append(toNode(node, names))
  return fragment
}

function toNode(node: Inline, names: Names): Node {
  switch (node.t) {
    case 'text':
      return document.createTextNode(node.text)
    case 'b':
      return h('strong', {}, renderInline(node.children, names))
    case 'i':
      return h('em', {}, renderInline(node.children, names))
    case 's':
      return h('s', {}, renderInline(node.children, names))
    case 'quote':
      return h('blockquote', {}, renderInline(node.children, names))
    case 'code':
      return h('code', {}, node.text)
    case 'pre':
      return h('pre', {}, node.text)
    case 'br':
      return h('br')
    case 'link':
      return h('a', { href: node.url, target: '_blank', rel: 'noopener noreferrer' }, node.label)
    case 'user':
      return h('span', { className: 'mention' }, `@${node.label ?? names.user(node.id)}`)
    case 'channel':
      return h('span', { className: 'mention' }, `#${node.label ?? names.channel(node.id)}`)
    case 'special':
      return h('span', { className: 'mention' }, node.label)
    case 'date': {
      const iso = new Date(node.seconds * 1000).toISOString()
      const shown = h('time', { datetime: iso, title: iso }, formatDate(node.seconds, node.format))
      return node.link
        ? h('a', { href: node.link, target: '_blank', rel: 'noopener noreferrer' }, shown)
        : shown
    }
    case 'emoji':
      return h('span', { role: 'img', 'aria-label': node.name.replace(/_/g, ' ') }, node.char)
  }
}
