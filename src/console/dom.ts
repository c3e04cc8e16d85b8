// Plain DOM: a small element builder and the formats the console shows.

type Child = Node | string | number | null | undefined | false | readonly Child[]
type Props = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>

/** An element with attributes (`on…` keys are listeners; false and null are left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value)
    else if (value === true) element.setAttribute(name, '')
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value))
  }
  append(element, children)
  return element
}

function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    if (Array.isArray(child)) append(parent, child)
    else parent.appendChild(typeof child === 'object' ? (child as Node) : document.createTextNode(String(child)))
  }
}

/** Replaces an element's children. */
export function fill(element: Element, ...children: Child[]): void {
  element.replaceChildren()
  append(element, children)
}

/**
 * Builds a view's fixed parts (its forms and buttons) once per `key`: a refresh must not replace
 * a field someone is typing in, nor a button under their pointer.
 */
export function shell(container: HTMLElement, key: string, build: () => Child[]): void {
  if (container.dataset.key === key) return
  container.dataset.key = key
  fill(container, ...build())
}

/** Forgets a container's view, so the next {@link shell} builds it afresh. */
export function forget(container: HTMLElement): void {
  container.dataset.key = ''
}

/** Fills the `data-slot` named `name` in `container`, only when what it shows (`data`) changed. */
export function slot(container: ParentNode, name: string, data: unknown, render: () => Child[]): void {
  const element = container.querySelector<HTMLElement>(`[data-slot="${name}"]`)
  if (!element) return
  const signature = hash(JSON.stringify(data) ?? '')
  if (element.dataset.signature === signature) return
  element.dataset.signature = signature
  fill(element, ...render())
}

/** FNV-1a of a string, in base 36: a slot's signature without keeping its data in the DOM. */
function hash(text: string): string {
  let value = 0x811c9dc5
  for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 0x01000193)
  return (value >>> 0).toString(36) + text.length.toString(36)
}

/** A time shown relative to the clock (`in 30s`, `2m ago`), kept current by {@link relabel}. */
export function at(iso: string, now: number, prefix = ''): HTMLElement {
  return h('span', { 'data-at': iso, 'data-prefix': prefix, title: iso }, prefix + relative(iso, now))
}

/** Brings every {@link at} label up to `now`. */
export function relabel(root: ParentNode, now: number): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-at]')) element.textContent = (element.dataset.prefix ?? '') + relative(element.dataset.at!, now)
}

/** `2026-01-01 00:02:10` (UTC): an ISO timestamp, shorter. */
export function when(iso: string | null | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/\.000Z$|Z$/, '') : ''
}

/** A span of milliseconds as `1d 2h`, `5m 3s`, `250ms`. */
export function span(ms: number): string {
  const abs = Math.abs(ms)
  if (abs < 1000) return `${Math.round(abs)}ms`
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]]
  const parts: string[] = []
  let rest = abs
  for (const [unit, size] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)}${unit}`)
      rest %= size
    } else if (parts.length > 0) break
  }
  return parts.join(' ')
}

/** `in 30s` or `2m ago`, from `now`. */
export function relative(iso: string, now: number): string {
  const delta = Date.parse(iso) - now
  if (Math.abs(delta) < 500) return 'now'
  return delta > 0 ? `in ${span(delta)}` : `${span(delta)} ago`
}

/** A state badge (PENDING, RUNNING, RETRY, DONE, FAILED, ABORTED). */
export function badge(state: string): HTMLElement {
  return h('span', { class: 'state', 'data-state': state }, state)
}

/** Pretty JSON of a body that may be JSON text. */
export function pretty(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2)
    } catch {
      return value
    }
  }
  return value === undefined ? '' : JSON.stringify(value, null, 2)
}
