/**
 * A tiny DOM builder (no framework): elements are created with `createElement(NS)` and text is
 * only ever set through text nodes — never `innerHTML` — so strings from the files the customer
 * loads cannot inject markup. The page's CSP also forbids string-to-HTML sinks (Trusted Types).
 * @module
 */

/** What may appear as a child: nodes, text, or nothing (skipped). Arrays are flattened. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

/** Attributes: strings/numbers are set, `true` sets an empty attribute, `false`/null skip it. */
export type Attrs = Record<string, string | number | boolean | null | undefined>;

/** Event handlers by event name, e.g. `{ click: () => … }`. */
export type On = { [K in keyof HTMLElementEventMap]?: (ev: HTMLElementEventMap[K]) => void };

function setAttrs(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'style')
      throw new Error('inline style attributes are blocked by the CSP; use a class');
    el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el: Element, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (typeof c === 'string' || typeof c === 'number')
      el.appendChild(document.createTextNode(String(c)));
    else el.appendChild(c as Node);
  }
}

/** Create an HTML element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** Attach event handlers to an element and return it. */
export function on<E extends HTMLElement>(el: E, handlers: On): E {
  for (const [k, f] of Object.entries(handlers)) if (f) el.addEventListener(k, f as EventListener);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Create an SVG element with attributes and children. */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** Replace all children of `el`. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

let nextId = 0;
/** A document-unique id with a readable prefix (for aria-labelledby and friends). */
export function uid(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}
