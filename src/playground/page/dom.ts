/** A tiny element builder: attributes as properties or attributes, children as nodes or text. Never innerHTML. */
export type Child = Node | string | false | null | undefined
type Attributes = Record<string, string | number | boolean | EventListener | undefined>

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value)
    else if (name === 'className') element.className = String(value)
    else element.setAttribute(name, value === true ? '' : String(value))
  }
  append(element, ...children)
  return element
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children)
    if (child !== false && child !== null && child !== undefined)
      parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child)
}

/** Finds an element the page's HTML promises; a missing one is a bug in index.html. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id)
  if (!element) throw new Error(`#${id} is missing from the page`)
  return element as T
}
