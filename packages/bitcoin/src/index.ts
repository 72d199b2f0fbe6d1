/** @kura/bitcoin — see its issue. */
export const PACKAGE = '@kura/bitcoin';
