/**
 * `store.json` of a tree store, declared once per version: `kura-store/1` (the v1 store of
 * `buildTreeStore`) and `kura-store/2` (the v2 store of `buildTreeStoreV2`). A private file of
 * the exchange — never published — read through codec's one document reader, so a bad one is a
 * {@link DocumentError} naming the file, line, column and field.
 *
 * ```
 * {"version": "kura-store/1", "users": 3, "levels": [3, 2, 1], "keyCheck": "<64 hex>"}
 * ```
 * `levels` are the non-empty nodes per level 0 … height; `keyCheck` is
 * hex(HMAC(roundKey, "kura/store/v1/key-check")), which tells a wrong secret from a missing uid.
 * @module
 */
import { arr, hex, type Infer, int, literal, obj, type Shape, str } from '@kura/codec';
import { readDocumentFile } from '@kura/codec/node';

/** The `version` of a v1 store's store.json. */
export const STORE_VERSION = 'kura-store/1';
/** The `version` of a v2 store's store.json. */
export const STORE_VERSION_V2 = 'kura-store/2';

/** A count of users or of a level's stored nodes. */
const count = int(1, 2 ** 32);

/** store.json of a v1 store (`kura-store/1`). */
export const storeMetaShape = obj({
  version: literal(STORE_VERSION),
  users: count,
  levels: arr(count, { min: 1 }),
  keyCheck: hex(32),
});

/** store.json of a v2 store (`kura-store/2`). */
export const storeMetaV2Shape = obj({
  version: literal(STORE_VERSION_V2),
  users: count,
  levels: arr(count, { min: 1 }),
  keyCheck: hex(32),
});

/** store.json: what a v1 store keeps privately (the user count is not published). */
export type StoreMeta = Infer<typeof storeMetaShape>;
/** store.json of a v2 store. */
export type StoreMetaV2 = Infer<typeof storeMetaV2Shape>;

/** Any store.json, read only for its `version` (which store, if any, a directory holds). */
const storeKindShape: Shape<{ readonly version: string }> = obj(
  { version: str({ nfc: false }) },
  {},
  { open: true }
);

/** The `version` of `file` (a store.json), or undefined when it cannot be read as one. */
export function storeVersionOf(file: string): string | undefined {
  try {
    return readDocumentFile(storeKindShape, file).version;
  } catch {
    return undefined;
  }
}
