/**
 * A signing key as a file: written mode 0600 in the key-file format `loadSigningKey` reads back
 * (the same key pair), never over an existing file.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publicKeyOf, SIG_ALGS } from '@kura/attest';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyFile } from './key-file.js';
import { loadSigningKey } from './keysource.js';

const tmp = mkdtempSync(join(tmpdir(), 'kura-key-file-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('createKeyFile', () => {
  for (const alg of SIG_ALGS)
    it(`${alg}: a 0600 key file that loads back to the returned key pair`, () => {
      const f = join(tmp, `${alg}.key`);
      const pub = createKeyFile(f, alg);
      expect(statSync(f).mode & 0o777).toBe(0o600);
      const k = loadSigningKey(f);
      expect(k.alg).toBe(alg);
      expect(k.publicKey).toEqual(pub);
      const s = k.signer;
      expect('privateKey' in s && publicKeyOf(alg, s.privateKey)).toEqual(pub);
      expect(createKeyFile(join(tmp, `${alg}-2.key`), alg)).not.toEqual(pub);
    });

  it('never replaces an existing file', () => {
    const f = join(tmp, 'kept.key');
    writeFileSync(f, 'keep me\n');
    expect(() => createKeyFile(f, 'ed25519')).toThrow(/EEXIST|exists/);
    expect(readFileSync(f, 'utf8')).toBe('keep me\n');
  });
});
