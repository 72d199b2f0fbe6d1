/** Provided by the `kura-lazy-chunks` plugin of `vite.config.ts`. */
declare module 'virtual:kura-host' {
  /** Shared module → the bindings the lazily loaded chunks take from the page. */
  export const host: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}
