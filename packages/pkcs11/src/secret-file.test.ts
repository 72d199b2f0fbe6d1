/**
 * The master secret as a file: a fresh one (64 lowercase hex and a newline, mode 0600, never
 * over an existing file), and an existing one moved into a real SoftHSM2 token, after which the
 * token derives the same round keys as the file.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexToBytes, InputError } from '@kura/codec';
import { deriveRoundKey, roundId } from '@kura/tree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSecret } from './keysource.js';
import { openTokenSecret } from './secret.js';
import { createSecretFile, importSecretFile } from './secret-file.js';
import { createSoftHsmToken, type SoftHsmToken } from './testing.js';
import { parsePkcs11Uri } from './uri.js';

const tmp = mkdtempSync(join(tmpdir(), 'kura-secret-file-'));
let tok: SoftHsmToken;
beforeAll(() => {
  tok = createSoftHsmToken();
});
afterAll(() => {
  tok.remove();
  rmSync(tmp, { recursive: true, force: true });
});

describe('createSecretFile', () => {
  it('writes 32 fresh random bytes as 64 lowercase hex and a newline, mode 0600', () => {
    const a = join(tmp, 'a.hex');
    const b = join(tmp, 'b.hex');
    createSecretFile(a);
    createSecretFile(b);
    const text = readFileSync(a, 'utf8');
    expect(text).toMatch(/^[0-9a-f]{64}\n$/);
    expect(statSync(a).mode & 0o777).toBe(0o600);
    expect(readFileSync(b, 'utf8')).not.toBe(text);
    expect(loadSecret(a)).toEqual(hexToBytes(text.trim()));
  });

  it('never replaces an existing file (InputError naming it), which stays as it was', () => {
    const f = join(tmp, 'kept.hex');
    writeFileSync(f, 'do not touch\n');
    expect(() => createSecretFile(f)).toThrow(InputError);
    expect(() => createSecretFile(f)).toThrow(/refusing to overwrite a secret/);
    expect(readFileSync(f, 'utf8')).toBe('do not touch\n');
  });
});

describe('importSecretFile', () => {
  it('moves a secret file into the token: the token derives the same round keys', () => {
    const f = join(tmp, 'import.hex');
    createSecretFile(f);
    const uri = parsePkcs11Uri(tok.uri('master-imported'));
    importSecretFile(uri, f);
    const rid = roundId({
      exchange: 'kura-test',
      period: '2026-11',
      snapshotTime: '2026-11-30T15:00:00Z',
    });
    const bytes = hexToBytes(readFileSync(f, 'utf8').trim());
    expect(deriveRoundKey(openTokenSecret(uri), rid)).toEqual(deriveRoundKey(bytes, rid));
  });

  it('refuses a token URI in place of the file, naming the option', () => {
    const uri = parsePkcs11Uri(tok.uri('master-other'));
    const e = (() => {
      try {
        importSecretFile(uri, tok.uri('master-imported'), '--import');
      } catch (x) {
        return x;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).reason).toBe('expected a secret file, not a token');
    expect((e as InputError).location.field).toBe('--import');
  });
});
