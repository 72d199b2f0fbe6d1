/**
 * Writing the publication directory: every file in place with exact bytes, proofs linked, a
 * valid SHA256SUMS, swapped in as a whole; and never over a directory that is not a publication.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@kura/codec';
import { describe, expect, it } from 'vitest';
import { checkSums } from './publication.js';
import { publish } from './publish.js';

const enc = (s: string) => new TextEncoder().encode(s);

function contents(dir: string, proofsDir: string) {
  return {
    dir,
    attestation: enc('{"att":1}\n'),
    evidence: enc('{"ev":1}\n'),
    root: enc('{"root":1}\n'),
    policyId: 'JP-FSA-2026',
    policy: enc('{"policy":1}\n'),
    inputs: enc('{"inputs":1}\n'),
    evaluation: enc('{"evaluation":1}\n'),
    trust: enc('{"trust":1}\n'),
    proofsDir,
  };
}

describe('publish', () => {
  it('writes every file with its exact bytes, hard-links the proofs, and a valid SHA256SUMS', () => {
    const base = mkdtempSync(join(tmpdir(), 'kura-publish-'));
    const proofs = join(base, 'proofs');
    mkdirSync(proofs);
    const id = 'ab'.repeat(32);
    writeFileSync(join(proofs, `${id}.json`), '{"proof":1}\n');
    writeFileSync(join(proofs, 'index.jsonl'), 'private\n'); // never published
    const dir = join(base, 'pub');
    expect(publish(contents(dir, proofs)).proofs).toBe(1);
    expect(readFileSync(join(dir, 'policy', 'JP-FSA-2026.json'), 'utf8')).toBe('{"policy":1}\n');
    expect(readFileSync(join(dir, 'attestation.json'), 'utf8')).toBe('{"att":1}\n');
    expect(readdirSync(join(dir, 'proofs'))).toEqual([`${id}.json`]);
    expect(statSync(join(dir, 'proofs', `${id}.json`)).ino).toBe(
      statSync(join(proofs, `${id}.json`)).ino
    );
    expect(checkSums(dir).ok).toBe(true);
    // a second publish replaces the first as a whole, leaving no temporary directory behind
    publish({ ...contents(dir, proofs), evidence: enc('{"ev":2}\n') });
    expect(readFileSync(join(dir, 'evidence.json'), 'utf8')).toBe('{"ev":2}\n');
    expect(readdirSync(base).sort()).toEqual(['proofs', 'pub']);
  });

  it('refuses to replace a non-empty directory that is not a publication, touching nothing', () => {
    const base = mkdtempSync(join(tmpdir(), 'kura-publish-'));
    const dir = join(base, 'home');
    mkdirSync(dir);
    writeFileSync(join(dir, 'important.txt'), 'keep me\n');
    mkdirSync(join(base, 'proofs'));
    expect(() => publish(contents(dir, join(base, 'proofs')))).toThrow(InputError);
    expect(() => publish(contents(dir, join(base, 'proofs')))).toThrow(/not a Kura publication/);
    expect(readdirSync(dir)).toEqual(['important.txt']);
    expect(readdirSync(base).sort()).toEqual(['home', 'proofs']);
  });
});
