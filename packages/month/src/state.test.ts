/**
 * The step runner of `kura run`: a step with unchanged inputs and intact outputs is skipped;
 * changed inputs, a tampered or missing output, or `force` redo it; a step that dies is redone;
 * a live run's lock keeps a second run out, a dead run's lock is taken over; the state file holds
 * hashes only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, JsonParseError } from '@kura/codec';
import { writeFileAtomic } from '@kura/codec/node';
import { describe, expect, it } from 'vitest';
import { StepRunner } from './state.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'kura-state-'));

async function once(dir: string, input: string, opts: { force?: boolean } = {}) {
  const r = new StepRunner(dir, opts);
  let ran = 0;
  try {
    const v = await r.step({
      id: 'a',
      inputs: { input },
      outputs: ['out.txt'],
      run: () => {
        ran++;
        writeFileAtomic(join(dir, 'out.txt'), `made from ${input}\n`);
        return { n: input.length };
      },
    });
    return { ran, v, status: r.reports[0]!.status };
  } finally {
    r.close();
  }
}

describe('StepRunner', () => {
  it('skips an unchanged step and returns its recorded result', async () => {
    const dir = fresh();
    expect(await once(dir, 'x')).toEqual({ ran: 1, v: { n: 1 }, status: 'done' });
    expect(await once(dir, 'x')).toEqual({ ran: 0, v: { n: 1 }, status: 'skipped' });
  });

  it('redoes a step whose inputs changed, whose output was altered or removed, or when forced', async () => {
    const dir = fresh();
    await once(dir, 'x');
    expect((await once(dir, 'yy')).status).toBe('done');
    writeFileSync(join(dir, 'out.txt'), 'tampered\n');
    expect((await once(dir, 'yy')).status).toBe('done');
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('made from yy\n');
    rmSync(join(dir, 'out.txt'));
    expect((await once(dir, 'yy')).status).toBe('done');
    expect((await once(dir, 'yy', { force: true })).status).toBe('done');
    expect((await once(dir, 'yy')).status).toBe('skipped');
  });

  it('redoes a step that failed half-way (its record is dropped before it runs)', async () => {
    const dir = fresh();
    await once(dir, 'x');
    const r = new StepRunner(dir);
    await expect(
      r.step({
        id: 'a',
        inputs: { input: 'z' },
        outputs: ['out.txt'],
        run: () => {
          throw new Error('killed');
        },
      })
    ).rejects.toThrow('killed');
    r.close();
    // the old output is still there and intact, but the step must not count as done for 'x'
    // any more either: its record was dropped
    expect((await once(dir, 'x')).status).toBe('done');
  });

  it('keeps a second run out while the first holds the lock; takes over a dead run’s lock', async () => {
    const dir = fresh();
    const a = new StepRunner(dir);
    expect(() => new StepRunner(dir)).toThrow(/another kura run \(pid \d+\)/);
    a.close();
    // a lock left by a process that no longer exists
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    writeFileSync(join(dir, '.lock'), dead);
    const b = new StepRunner(dir);
    b.close();
  });

  it('stores hashes only, never the described inputs', async () => {
    const dir = fresh();
    await once(dir, 'very-secret-input-value');
    const state = readFileSync(join(dir, 'state.json'), 'utf8');
    expect(state).not.toContain('very-secret-input-value');
    expect(JSON.parse(state).steps.a.inputs).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads state.json through its declared shape: a damaged record names the field', async () => {
    const dir = fresh();
    await once(dir, 'x');
    const file = join(dir, 'state.json');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace(/"inputs": "[0-9a-f]{64}"/, '"inputs": "12"'));
    let e: unknown;
    try {
      new StepRunner(dir).close();
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).reason).toBe(
      'not a kura-run-state/1 state file (remove it to start over)'
    );
    expect((e as InputError).location).toMatchObject({ file, line: 5, field: '$.steps.a.inputs' });
    writeFileSync(file, good.replace('kura-run-state/1', 'kura-run-state/9'));
    expect(() => new StepRunner(dir)).toThrow(
      /state\.json:2:3: field "\$\.version": not a kura-run-state\/1/
    );
    writeFileSync(file, good.slice(0, 20)); // truncated: the parser's own error
    expect(() => new StepRunner(dir)).toThrow(JsonParseError);
    writeFileSync(file, good);
    expect((await once(dir, 'x')).status).toBe('skipped');
  });
});
