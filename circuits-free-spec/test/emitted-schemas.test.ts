/**
 * The schemas emitted from their shapes (asset-tables.ts): each committed file in schemas/ is
 * exactly what `toJsonSchema` emits from the shape its reader checks with, so the shape is
 * declared once and the schema follows it. After changing a shape, rewrite the file with
 * `npx vitest run test/emitted-schemas.test.ts -u` (in circuits-free-spec/) and review the diff.
 */
import { toJsonSchema } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { EMITTED } from './asset-tables.js';

describe('schemas emitted from declared shapes', () => {
  for (const s of EMITTED)
    it(`schemas/${s.file} is the schema emitted from its shape`, async () => {
      const text = `${JSON.stringify(toJsonSchema(s.shape, { id: s.id, title: s.title }), null, 2)}\n`;
      await expect(text).toMatchFileSnapshot(`../schemas/${s.file}`);
    });
});
