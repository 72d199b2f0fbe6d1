/**
 * The "proof from another exchange" card: a drop area with format auto-detection and a format
 * picker, optional published root (and OKX v2 tree file, BitMEX nonce), and the verdict plus the
 * findings of @kura/foreign in English or Japanese. The card keeps its own state and redraws
 * itself; the page only places it (`foreignCard()` in its render). The verifier and the finding
 * texts are the lazily loaded `foreign` chunk (`chunk.ts`), fetched on the first file given.
 * @module
 */
import { FOREIGN_FORMATS, type ForeignFormat, type ForeignOutcome } from '@kura/foreign';
import { h, on, replace } from '../dom.ts';
import { lang } from '../i18n.ts';
import { loadChunk } from '../lazy.ts';
import type { foreign } from './chunk.ts';
import { formatName, ft } from './i18n.ts';

/** Largest JSON proof read whole; line formats are streamed whatever their size. */
const MAX_JSON = 64 * 1024 * 1024;

interface FState {
  file?: File;
  tree?: File;
  format: ForeignFormat | 'auto';
  root: string;
  nonce: string;
  busy: boolean;
  outcome?: ForeignOutcome;
  /** The loaded chunk (set before the first outcome is drawn). */
  mod?: typeof foreign;
  runs: number;
}
const st: FState = { format: 'auto', root: '', nonce: '', busy: false, runs: 0 };
let card: HTMLElement | undefined;

async function run(): Promise<void> {
  const f = st.file;
  if (!f) {
    st.runs += 1;
    draw();
    return;
  }
  st.busy = true;
  draw();
  const opts = {
    file: f.name,
    ...(st.format !== 'auto' ? { format: st.format } : {}),
    ...(/^[0-9a-fA-F]+$/.test(st.root.trim()) ? { root: st.root.trim() } : {}),
    ...(/^[0-9a-fA-F]+$/.test(st.nonce.trim()) ? { nonce: st.nonce.trim() } : {}),
    ...(st.tree ? { treeFile: st.tree.name } : {}),
  };
  try {
    const m = (await loadChunk<{ foreign: typeof foreign }>('foreign')).foreign;
    st.mod = m;
    const head = await f.slice(0, 4096).text();
    const tree = st.tree ? { tree: m.linesOfBlob(st.tree) } : {};
    st.outcome =
      m.detectLineFormat(head) !== undefined || f.size > MAX_JSON
        ? await m.verifyForeign({ head, lines: m.linesOfBlob(f), ...tree }, opts)
        : await m.verifyForeign({ text: await f.text(), ...tree }, opts);
  } catch (e) {
    st.outcome = {
      ok: false,
      code: 'BAD_INPUT',
      message: `${f.name}: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  st.busy = false;
  st.runs += 1;
  draw();
}

function fileInput(id: string, set: (f: File) => void): HTMLInputElement {
  const input = h('input', { type: 'file', id, class: 'file-input' });
  on(input, {
    change: () => {
      const f = input.files?.[0];
      if (f) {
        set(f);
        void run();
      }
    },
  });
  return input;
}

function result(): HTMLElement | null {
  const l = lang();
  const o = st.outcome;
  if (st.busy) return h('p', { class: 'muted', 'data-foreign-verdict': 'busy' }, ft(l, 'working'));
  if (!o) return null;
  if (!o.ok)
    return h(
      'p',
      { class: 'check-fail', role: 'alert', 'data-foreign-verdict': 'error', 'data-code': o.code },
      ft(l, 'error', { message: o.message })
    );
  const r = o.report;
  const name = formatName(l, r.format) + (r.version ? ` (${r.version})` : '');
  const v = r.verdict;
  const bal = (b: Readonly<Record<string, string>>): string =>
    Object.entries(b)
      .map(([a, x]) => `${a} ${x}`)
      .join(', ');
  return h(
    'div',
    { class: 'foreign-result', 'data-format': r.format },
    v.ok
      ? h(
          'p',
          { class: 'check-pass', 'data-foreign-verdict': 'pass' },
          '✓ ',
          ft(l, 'valid', { name })
        )
      : h(
          'p',
          {
            class: 'check-fail',
            'data-foreign-verdict': 'fail',
            'data-code': v.code,
            'data-level': v.level ?? null,
          },
          '✗ ',
          ft(l, 'invalid', {
            name,
            code: v.code,
            level: v.level !== undefined ? ft(l, 'level', { level: v.level }) : '',
          }),
          ' ',
          h('span', { class: 'muted' }, v.message)
        ),
    h(
      'dl',
      { class: 'facts' },
      r.root
        ? [
            h('dt', null, ft(l, 'root_')),
            h(
              'dd',
              null,
              h('code', null, r.root.hash),
              r.root.balances ? ` — ${bal(r.root.balances)}` : ''
            ),
          ]
        : null,
      r.user
        ? [
            h('dt', null, ft(l, 'user')),
            h(
              'dd',
              null,
              bal(r.user.balances),
              r.user.leaves !== undefined ? ` (${ft(l, 'leaves', { n: r.user.leaves })})` : ''
            ),
          ]
        : null,
      r.tree
        ? [
            h('dt', null, '∑'),
            h('dd', null, ft(l, 'treeFacts', r.tree as unknown as Record<string, number>)),
          ]
        : null
    ),
    h('h3', null, ft(l, 'findings', { n: r.findings.length })),
    h(
      'ul',
      { class: 'findings' },
      r.findings.map((f) =>
        h(
          'li',
          { 'data-finding': f.id, 'data-level': f.level ?? null, 'data-asset': f.asset ?? null },
          h('code', null, f.id),
          f.level !== undefined
            ? ` [${ft(l, 'where', { level: f.level })}${f.asset ? `, ${f.asset}` : ''}]`
            : '',
          ' ',
          st.mod ? st.mod.findingText(l, f) : f.message
        )
      )
    )
  );
}

function draw(): void {
  if (!card) return;
  const l = lang();
  const picker = h(
    'select',
    { id: 'foreign-format', 'aria-label': ft(l, 'format') },
    h('option', { value: 'auto', selected: st.format === 'auto' }, ft(l, 'auto')),
    FOREIGN_FORMATS.map((f) =>
      h('option', { value: f, selected: st.format === f }, formatName(l, f))
    )
  );
  on(picker, {
    change: () => {
      st.format = picker.value as FState['format'];
      void run();
    },
  });
  const text = (
    id: string,
    label: string,
    value: string,
    set: (v: string) => void
  ): HTMLElement => {
    const input = h('input', { type: 'text', id, value, spellcheck: 'false', autocomplete: 'off' });
    on(input, {
      change: () => {
        set(input.value);
        void run();
      },
    });
    return h('p', null, h('label', { for: id }, label), ' ', input);
  };
  const zone = h(
    'div',
    { class: `drop ${st.file ? 'drop-loaded' : ''}`, 'data-slot': 'foreign' },
    h(
      'p',
      { class: 'drop-action' },
      ft(l, 'drop'),
      ' ',
      fileInput('file-foreign', (f) => (st.file = f)),
      h('label', { for: 'file-foreign', class: 'button' }, ft(l, 'choose'))
    ),
    st.file ? h('p', { class: 'drop-status' }, '✓ ', st.file.name) : null
  );
  on(zone, {
    dragover: (e) => e.preventDefault(),
    drop: (e) => {
      e.preventDefault();
      const f = e.dataTransfer?.files[0];
      if (f) {
        st.file = f;
        void run();
      }
    },
  });
  replace(
    card,
    h('h2', { id: 'h-foreign' }, ft(l, 'title')),
    h('p', { class: 'muted' }, ft(l, 'hint')),
    h('p', null, h('label', { for: 'foreign-format' }, ft(l, 'format')), ' ', picker),
    zone,
    text('foreign-root', ft(l, 'root'), st.root, (v) => (st.root = v)),
    h(
      'p',
      { class: 'drop-action' },
      h('label', { for: 'file-foreign-tree' }, ft(l, 'tree')),
      ' ',
      fileInput('file-foreign-tree', (f) => (st.tree = f)),
      h('label', { for: 'file-foreign-tree', class: 'button' }, ft(l, 'choose'))
    ),
    st.tree ? h('p', { class: 'drop-status' }, '✓ ', st.tree.name) : null,
    text('foreign-nonce', ft(l, 'nonce'), st.nonce, (v) => (st.nonce = v)),
    result()
  );
  document.documentElement.dataset.foreignRuns = String(st.runs);
}

/** The card, created once and redrawn in the current language on every page render. */
export function foreignCard(): HTMLElement {
  card ??= h('section', {
    class: 'card foreign',
    'aria-labelledby': 'h-foreign',
    'aria-live': 'polite',
  });
  draw();
  return card;
}
