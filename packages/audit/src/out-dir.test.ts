/** The default report directory of `kura audit`: named after the attested period. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unsigned } from '../../attest/test/fixtures.js';
import { defaultAuditOutDir } from './out-dir.js';

const tmp = mkdtempSync(join(tmpdir(), 'kura-audit-out-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const publication = (name: string, attestation: string | undefined): string => {
  const d = join(tmp, name);
  mkdirSync(d);
  if (attestation !== undefined) writeFileSync(join(d, 'attestation.json'), attestation);
  return d;
};

describe('defaultAuditOutDir', () => {
  it("is kura-audit-<period> of the publication's attestation", () => {
    const att = unsigned();
    expect(defaultAuditOutDir(publication('ok', `${JSON.stringify(att, null, 2)}\n`))).toBe(
      `kura-audit-${att.round.period}`
    );
  });

  it('is kura-audit when there is no readable attestation', () => {
    expect(defaultAuditOutDir(publication('none', undefined))).toBe('kura-audit');
    expect(defaultAuditOutDir(publication('cut', '{"version":"kura-att'))).toBe('kura-audit');
    expect(defaultAuditOutDir(join(tmp, 'missing'))).toBe('kura-audit');
  });
});
