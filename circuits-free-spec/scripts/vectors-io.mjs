/**
 * What the v1 and v2 vector generators share: the build-negative vector of a refused input, the
 * files of the positive, negative and negative-build vectors (2-space JSON, one newline), their
 * lists in vectors/index.json, and the tail that writes them or, with `--check`, compares them
 * with what is on disk (exit code 1 on any difference or any file no longer generated).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { toCsv } from '../plain/csv.mjs';

/** The directories of generated vectors under a version's vector root. */
const VECTOR_DIRS = ['positive', 'negative', 'negative-build'];

/** Whether the generator was asked to compare instead of write. */
export const checking = () => process.argv.includes('--check');

/** The members every tree vector starts with: its name and description, then its inputs. */
export function vectorHead(name, description, masterSecret, spec) {
  return {
    name,
    description,
    masterSecret,
    round: spec.round,
    assets: spec.assets,
    placement: spec.placement,
  };
}

/**
 * The negative-build vector of `spec`: `build(spec)` must throw (the builder refuses the input),
 * else the generator stops.
 */
export function buildNegative({ name, description, spec }, masterSecret, build) {
  let error = null;
  try {
    build(spec);
  } catch (e) {
    error = e.message;
  }
  if (!error) throw new Error(`build-negative ${name} unexpectedly built`);
  return {
    ...vectorHead(name, description, masterSecret, spec),
    height: spec.height ?? null,
    csv: toCsv(spec.assets, spec.users),
    expect: { exitCode: 2 },
  };
}

/** One file per vector, keyed by its path under the version's vector root; `put` adds more. */
export function vectorFiles(positives, negatives, buildNegatives) {
  const files = new Map();
  const put = (rel, obj) => files.set(rel, `${JSON.stringify(obj, null, 2)}\n`);
  for (const v of positives) put(`positive/${v.name}.json`, v);
  for (const v of negatives) put(`negative/${v.name}.json`, v);
  for (const v of buildNegatives) put(`negative-build/${v.name}.json`, v);
  return { files, put };
}

/** The `positive`, `negative` and `negativeBuild` lists of vectors/index.json (`prefix`: `v2/`). */
export function indexLists(prefix, positives, negatives, buildNegatives) {
  return {
    positive: positives.map((v) => ({
      file: `${prefix}positive/${v.name}.json`,
      name: v.name,
      placement: v.placement,
      height: v.height,
      users: v.users.length,
      assets: v.assets.length,
    })),
    negative: negatives.map((v) => ({
      file: `${prefix}negative/${v.name}.json`,
      name: v.name,
      attack: v.attack,
      code: v.expect.code,
      level: v.expect.level,
      ...(v.expectRootOnly ? { codeRootOnly: v.expectRootOnly.code } : {}),
    })),
    negativeBuild: buildNegatives.map((v) => ({
      file: `${prefix}negative-build/${v.name}.json`,
      name: v.name,
    })),
  };
}

/**
 * Write `files` under `dir` (the generated directories emptied first), or with `--check` report
 * every file that differs or is no longer generated and set the exit code. `shown` prefixes the
 * paths in messages; `also` is one more file outside `files` ({path, text, old, label});
 * `beforeWrite` runs first when writing; `wrote(n)` is the closing line.
 */
export function writeOrCheck({ dir, files, shown = '', also, beforeWrite, wrote }) {
  let diff = 0;
  if (checking()) {
    if (also && also.text !== also.old) {
      diff++;
      console.error(`differs: ${also.label}`);
    }
    for (const [rel, text] of files) {
      let old = null;
      try {
        old = readFileSync(join(dir, rel), 'utf8');
      } catch {}
      if (old !== text) {
        diff++;
        console.error(`differs: ${shown}${rel}`);
      }
    }
    for (const d of VECTOR_DIRS)
      for (const f of readdirSync(join(dir, d)))
        if (!files.has(`${d}/${f}`)) {
          diff++;
          console.error(`not generated: ${shown}${d}/${f}`);
        }
    process.exitCode = diff ? 1 : 0;
    return;
  }
  beforeWrite?.();
  for (const d of VECTOR_DIRS) rmSync(join(dir, d), { recursive: true, force: true });
  for (const [rel, text] of files) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  if (also) writeFileSync(also.path, also.text);
  console.log(wrote(files.size));
}
