/** @kura/policy — see its issue. */
export const PACKAGE = '@kura/policy';
