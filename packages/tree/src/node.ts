/** @kura/tree/node — Node-only builder and store (see the tree issue). */
export const NODE_ENTRY = true;
