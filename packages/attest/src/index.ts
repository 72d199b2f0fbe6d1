/** @kura/attest — see its issue. */
export const PACKAGE = '@kura/attest';
