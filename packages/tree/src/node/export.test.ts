/**
 * The proof export's manifest (`kura-proofs/1`) is read back through its declared shape: an
 * export replaces only a previous export, never a directory whose manifest.json is something
 * else (a web site's own manifest).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentError, InputError } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { exportProofs, type ProofSource, readProofsManifest } from '../node.js';

const source = (n: number): ProofSource => ({
  *proofs() {
    for (let i = 0; i < n; i++) yield { version: 'kura-proof/1', uid: `u${i}` };
  },
  root: { rootCommitment: 'ab'.repeat(32) },
  meta: { users: n },
});

describe('proof export manifest', () => {
  it('is written and read back through its shape; a second export replaces the first', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kura-export-')), 'proofs');
    exportProofs(source(5), dir, { shard: 2 });
    expect(readProofsManifest(dir)).toEqual({
      version: 'kura-proofs/1',
      rootCommitment: 'ab'.repeat(32),
      proofs: 5,
      files: ['proofs-00000.jsonl', 'proofs-00001.jsonl', 'proofs-00002.jsonl'],
    });
    expect(exportProofs(source(1), dir).files).toEqual(['proofs-00000.jsonl']);
    expect(readProofsManifest(dir).proofs).toBe(1);
  });

  it('a damaged manifest names file, line and field', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kura-export-')), 'proofs');
    exportProofs(source(1), dir);
    const file = join(dir, 'manifest.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"proofs": 1', '"proofs": "1"'));
    expect(() => readProofsManifest(dir)).toThrow(DocumentError);
    expect(() => readProofsManifest(dir)).toThrow(/manifest\.json:4:3: field "\$\.proofs": /);
  });

  it('refuses a non-empty directory that is not a previous export', () => {
    const root = mkdtempSync(join(tmpdir(), 'kura-export-'));
    const site = join(root, 'site');
    mkdirSync(site);
    writeFileSync(join(site, 'index.html'), '<!doctype html>');
    expect(() => exportProofs(source(1), site)).toThrow(InputError);
    writeFileSync(join(site, 'manifest.json'), '{"name":"my app","start_url":"/"}');
    expect(() => exportProofs(source(1), site)).toThrow(
      /refusing to replace a non-empty directory that is not a proof export/
    );
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toBe('<!doctype html>');
  });
});
