/**
 * “Check it again on your own computer”: the exact commands for the files this customer has,
 * with only the options that apply this month (`--previous` only when this report links to a
 * previous month and that report was added), and the page's own build hash — the SHA-256 of
 * the script it runs, which `npm run build` prints and the CSP pins.
 * @module
 */
import { bytesToHex, parseJsonBytes, sha256 } from '@kura/codec';
import { h } from '../dom.ts';
import { t } from '../i18n.ts';
import type { Report } from '../model.ts';
import type { Loaded } from '../verify.ts';

/** The commit the page was built from (set by vite.config.ts from git; `unknown` without git). */
declare const __KURA_COMMIT__: string;

let scriptHash: string | null | undefined;
/**
 * SHA-256 of the page's inline script — the code that is running. In the single-file build this
 * is exactly the hash in the CSP's `script-src` and the “page script” line `npm run build`
 * prints; the multi-file build has no inline script (null).
 */
export function pageScriptSha256(): string | null {
  if (scriptHash === undefined) {
    const s = document.querySelector('script[type="module"]');
    const code = s && !s.getAttribute('src') ? (s.textContent ?? '') : '';
    scriptHash = code ? bytesToHex(sha256(new TextEncoder().encode(code))) : null;
  }
  return scriptHash;
}

export interface ReproFiles {
  readonly proof?: Loaded;
  readonly attestation?: Loaded;
  readonly trust?: Loaded;
  readonly history: readonly Loaded[];
}

/** The file name the customer has (for a file fetched from the site: the last path segment). */
function baseName(f: Loaded): string {
  const n = f.name.split('/').pop() ?? f.name;
  return n === '' ? 'file.json' : n;
}

/**
 * Local names for the files, unique in one folder: exchanges publish every month as
 * `/<month>/attestation.json`, so two files with the same name get their folder as a prefix
 * (`2026-11-attestation.json`), or a number when even that is the same.
 */
function localNames(files: readonly Loaded[]): Map<Loaded, string> {
  const out = new Map<Loaded, string>();
  const taken = new Set<string>();
  const count = new Map<string, number>();
  for (const f of files) count.set(baseName(f), (count.get(baseName(f)) ?? 0) + 1);
  for (const f of files) {
    const base = baseName(f);
    let name = base;
    if ((count.get(base) ?? 0) > 1) {
      const dir = f.name.split('/').slice(-2, -1)[0];
      if (dir) name = `${dir}-${base}`;
    }
    for (let i = 2; taken.has(name); i++) name = `${i}-${base}`;
    taken.add(name);
    out.set(f, name);
  }
  return out;
}

/** Quote a file name for a POSIX shell only when it needs it. */
function sh(name: string): string {
  return /^[\w.@%+=:,/-]+$/.test(name) ? name : `'${name.replaceAll("'", `'\\''`)}'`;
}

/** Last month's report among the added ones: the one numbered just before this report. */
function previousFile(r: Report | null, history: readonly Loaded[]): Loaded | undefined {
  const prev = r?.checks.find((c) => c.id === 'previous');
  if (!r?.attestation || !prev || (prev.state !== 'pass' && prev.state !== 'fail'))
    return undefined;
  const want = r.attestation.sequence - 1;
  return history.find((f) => {
    try {
      return (parseJsonBytes(f.bytes) as { sequence?: unknown }).sequence === want;
    } catch {
      return false;
    }
  });
}

function fileRow(f: Loaded, name: string): HTMLElement {
  return h(
    'li',
    null,
    h('code', null, name),
    ' ',
    f.source === 'url'
      ? h('a', { href: f.name, download: name, class: 'dl' }, t('repro.download'))
      : h('span', { class: 'muted' }, `(${t('repro.yours')})`)
  );
}

export function reproduce(r: Report | null, files: ReproFiles): HTMLElement {
  const prev = previousFile(r, files.history);
  const names = localNames(
    [files.proof, files.attestation, files.trust, prev].filter((f): f is Loaded => f !== undefined)
  );
  const nameOf = (f: Loaded | undefined, fallback: string): string =>
    (f && names.get(f)) ?? fallback;
  const proof = nameOf(files.proof, 'proof.json');
  const att = nameOf(files.attestation, 'attestation.json');
  const trust = nameOf(files.trust, 'trust.json');
  const root = r?.attestation?.rootCommitment ?? r?.proof?.rootCommitment ?? '<root>';
  const commit = typeof __KURA_COMMIT__ === 'string' ? __KURA_COMMIT__ : 'unknown';
  const listed = [files.proof, files.attestation, files.trust, prev].filter(
    (f): f is Loaded => f !== undefined
  );
  const hash = pageScriptSha256();
  return h(
    'section',
    { class: 'card', id: 'reproduce', 'aria-labelledby': 'h-repro' },
    h('h2', { id: 'h-repro' }, t('reproduce')),
    h('p', { class: 'muted' }, t('repro.intro')),
    listed.length
      ? [
          h('p', null, t('repro.files')),
          h(
            'ul',
            { class: 'repro-files' },
            listed.map((f) => fileRow(f, nameOf(f, baseName(f))))
          ),
        ]
      : null,
    h('p', null, t('repro.install')),
    h(
      'pre',
      { class: 'cli', translate: 'no', 'data-step': 'install' },
      `git clone <Kura repository> kura && cd kura\ngit checkout ${commit === 'unknown' ? '<release>' : commit}\nnpm install && npm run build`
    ),
    h('p', null, t('repro.attest'), prev ? ` ${t('repro.attest.prev')}` : null),
    h(
      'pre',
      { class: 'cli', translate: 'no', 'data-step': 'attest' },
      `npx kura attest verify --attestation ${sh(att)} --trust ${sh(trust)}${prev ? ` --previous ${sh(nameOf(prev, baseName(prev)))}` : ''}`
    ),
    h('p', null, t('repro.tree')),
    h(
      'pre',
      { class: 'cli', translate: 'no', 'data-step': 'tree' },
      `npx kura tree verify --proof ${sh(proof)} --root-commitment ${root}`
    ),
    h('p', { class: 'muted' }, t('repro.ok')),
    h('h3', { id: 'build' }, t('repro.build')),
    h(
      'p',
      null,
      `${t('repro.build.hash')}: `,
      hash
        ? h('code', { class: 'build-hash', 'data-build-hash': hash }, hash)
        : h('span', { class: 'muted' }, t('repro.build.none'))
    ),
    h('p', { class: 'muted' }, t('repro.build.how')),
    h('pre', { class: 'cli', translate: 'no' }, `page script SHA-256 ${hash ?? '…'}`)
  );
}
