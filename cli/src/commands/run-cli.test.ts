/**
 * `kura run` as a process, on inputs that cannot be run: exit 2, a message naming the file, the
 * line and the field, and nothing written to the publication.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKura } from '../testing.js';

function config(dir: string, extra: Record<string, unknown> = {}) {
  const c = {
    version: 'kura-config/1',
    round: { exchange: 'Example K.K.', period: '2026-11', snapshotTime: '2026-11-30T15:00:00Z' },
    assets: [{ symbol: 'BTC', decimals: 8 }],
    exchange: { name: 'Example K.K.' },
    keys: { masterSecret: 'secret.hex', exchange: 'exchange.key' },
    trust: 'trust.json',
    liabilities: { file: 'customers.csv' },
    bitcoin: {
      sources: { esplora: ['http://127.0.0.1:9'] },
      height: 1,
      addresses: 'a.jsonl',
      signatures: 's.jsonl',
    },
    policy: { policy: 'JP-FSA-2026', inputs: 'inputs.json' },
    scope: { included: [{ kind: 'product', id: 'spot' }], excluded: [] },
    ...extra,
  };
  const file = join(dir, 'kura.json');
  writeFileSync(file, `${JSON.stringify(c, null, 2)}\n`);
  return file;
}

describe('kura run (bad inputs)', () => {
  it('a config error: exit 2 naming file, line and field; nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kura-run-cli-'));
    const file = config(dir, { tree: { placement: 'diagonal' } });
    const r = runKura(['run', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `kura: BAD_INPUT: ${file.replace(/[.]/g, '\\.')}:\\d+: field "\\$\\.tree\\.placement": expected one of "dense", "sparse"`
      )
    );
    expect(existsSync(join(dir, 'work'))).toBe(false);
  });

  it('a missing secret file: exit 2 naming the file; no publication', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kura-run-cli-'));
    writeFileSync(join(dir, 'customers.csv'), 'uid,BTC\nalice,1\n');
    const file = config(dir);
    const r = runKura(['run', '--config', file, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'secret.hex')}: file not found`);
    expect(existsSync(join(dir, 'work', 'publication'))).toBe(false);
  });
});
