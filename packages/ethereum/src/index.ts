/** @kura/ethereum — see its issue. */
export const PACKAGE = '@kura/ethereum';
