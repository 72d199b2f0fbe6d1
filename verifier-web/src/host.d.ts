/** Provided by the `kura-lazy-chunks` plugin of `vite.config.ts`. */
declare module 'virtual:kura-host' {
  /** Per shared module (by index), the bindings the lazily loaded chunks take from the page. */
  export const host: readonly Readonly<Record<string, unknown>>[];
}
