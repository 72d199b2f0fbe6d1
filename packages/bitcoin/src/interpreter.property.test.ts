/**
 * fast-check properties of the interpreter on arbitrary scripts, witnesses and flag sets: it
 * never throws; adding a flag never turns a failure into a pass (soft-fork monotonicity, as Core's
 * DoTest checks); BIP-322's `verifyInput` is never `valid` where Core's rules with every flag
 * fail.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coreSpend } from '../test/core-script.js';
import { SCRIPT_FLAGS, type ScriptFlag, verifyInput, verifyInputWithFlags } from './interpreter.js';

/** Script bytes biased towards real opcodes and small pushes. */
const script = fc
  .array(
    fc.oneof(
      fc.constantFrom(0x00, 0x4f, 0x51, 0x52, 0x53, 0x60, 0x63, 0x67, 0x68, 0x69, 0x75, 0x76),
      fc.constantFrom(0x7c, 0x87, 0x88, 0x8b, 0x93, 0x9a, 0xa9, 0xab, 0xac, 0xad, 0xae, 0xb1, 0xb2),
      fc.integer({ min: 0, max: 255 }),
      fc.uint8Array({ minLength: 1, maxLength: 5 }).map((b) => [b.length, ...b])
    ),
    { maxLength: 24 }
  )
  .map((xs) => Uint8Array.from(xs.flat()));
const witness = fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 4 });
const flags = fc.subarray([...SCRIPT_FLAGS]).map((f) => {
  const s = new Set<ScriptFlag>(f);
  // Core's valid combinations: WITNESS needs P2SH, CLEANSTACK needs both
  if (s.has('CLEANSTACK')) s.add('P2SH').add('WITNESS');
  if (s.has('WITNESS')) s.add('P2SH');
  return s;
});

describe('interpreter properties', () => {
  it('never throws; one more flag never turns a failure into a pass; BIP-322 valid ⇒ Core passes with every flag', () => {
    fc.assert(
      fc.property(
        script,
        script,
        witness,
        flags,
        fc.constantFrom(...SCRIPT_FLAGS),
        (sig, spk, wit, f, extra) => {
          const tx = coreSpend(spk, sig, wit, 1000n);
          const prevouts = [{ script: spk, value: 1000n }];
          const base = verifyInputWithFlags(tx, 0, prevouts, f);
          const more = new Set(f).add(extra);
          if (more.has('CLEANSTACK')) more.add('P2SH').add('WITNESS');
          if (more.has('WITNESS')) more.add('P2SH');
          const stricter = verifyInputWithFlags(tx, 0, prevouts, more);
          if (stricter.ok) expect(base.ok).toBe(true);
          const bip322 = verifyInput(tx, 0, prevouts);
          if (bip322.result === 'valid')
            expect(verifyInputWithFlags(tx, 0, prevouts, SCRIPT_FLAGS).ok).toBe(true);
        }
      ),
      { numRuns: 2000 }
    );
  });
});
