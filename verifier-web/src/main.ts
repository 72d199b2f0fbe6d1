/**
 * The verifier page: collects the customer's files (drag-and-drop, file picker, or same-origin
 * URLs given in the query string), runs the verification in `verify.ts` and renders the report.
 * No framework: a state object and a `render()` that rebuilds the page's regions.
 *
 * Query parameters (all optional; URLs must be on this page's own origin):
 * `proof=<url>`, `attestation=<url>`, `trust=<url>`, `previous=<url>` (repeatable), `lang=en|ja`.
 * A `proof=` link lets an exchange's account page open the customer's own proof directly.
 * @module
 */
import './style.css';
import { h, on, replace } from './dom.ts';
import { foreignCard } from './foreign/view.ts';
import { formatAmount, formatTime, groupHex, shortHash } from './format.ts';
import { initialLang, LANGS, type Lang, lang, type MsgKey, setLang, t } from './i18n.ts';
import type { Report } from './model.ts';
import { type Loaded, runVerification } from './verify.ts';
import { coverageChart, historyChart, policyChart, splitChart } from './views/charts.ts';
import { ladder } from './views/ladder.ts';
import { checkList, verdictBanner } from './views/verdict.ts';

type Slot = 'proof' | 'attestation' | 'trust' | 'history';
const SLOTS: readonly Slot[] = ['proof', 'attestation', 'trust', 'history'];

interface State {
  proof?: Loaded;
  attestation?: Loaded;
  trust?: Loaded;
  history: Loaded[];
  errors: Partial<Record<Slot, string>>;
  report: Report | null;
}

const state: State = { history: [], errors: {}, report: null };

/** Read a dropped or picked file into bytes (the attestation's SHA-256 is over exact bytes). */
async function readFile(f: File): Promise<Loaded> {
  return { name: f.name, source: 'file', bytes: new Uint8Array(await f.arrayBuffer()) };
}

/**
 * Fetch a file published next to this page. Only same-origin URLs are accepted (the CSP's
 * `connect-src 'self'` enforces the same); redirects are refused so nothing can bounce the
 * request elsewhere; no credentials, no referrer.
 */
async function fetchSameOrigin(raw: string): Promise<Loaded> {
  const url = new URL(raw, location.href);
  if (url.origin !== location.origin) throw new Error(t('input.notSameOrigin', { url: url.href }));
  const res = await fetch(url.href, {
    credentials: 'omit',
    redirect: 'error',
    referrerPolicy: 'no-referrer',
    cache: 'no-store',
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return { name: url.pathname, source: 'url', bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function setFiles(slot: Slot, files: readonly File[]): Promise<void> {
  delete state.errors[slot];
  try {
    const loaded = await Promise.all(files.map(readFile));
    if (slot === 'history') state.history = [...state.history, ...loaded];
    else if (loaded[0]) state[slot] = loaded[0];
  } catch (e) {
    state.errors[slot] = t('input.error', {
      name: files[0]?.name ?? '',
      message: e instanceof Error ? e.message : String(e),
    });
  }
  verifyAndRender();
}

function verifyAndRender(): void {
  state.report =
    state.proof || state.attestation
      ? runVerification({
          proof: state.proof,
          attestation: state.attestation,
          trust: state.trust,
          history: state.history,
        })
      : null;
  runs += 1;
  render();
  document.documentElement.dataset.runs = String(runs);
}
let runs = 0;

// ---------------------------------------------------------------------------------------------
// Rendering

const root = document.getElementById('app')!;

function header(): HTMLElement {
  return h(
    'header',
    { class: 'top' },
    h(
      'div',
      { class: 'brand' },
      h('h1', null, t('title')),
      h('p', { class: 'tagline' }, t('tagline'))
    ),
    h(
      'nav',
      { class: 'langs', 'aria-label': t('language') },
      LANGS.map((l: Lang) =>
        on(
          h(
            'button',
            {
              type: 'button',
              lang: l,
              'data-lang': l,
              'aria-pressed': l === lang() ? 'true' : 'false',
            },
            l === 'en' ? 'English' : '日本語'
          ),
          {
            click: () => {
              setLang(l);
              render();
            },
          }
        )
      )
    )
  );
}

function dropZone(slot: Slot): HTMLElement {
  const many = slot === 'history';
  const id = `file-${slot}`;
  const input = h('input', {
    type: 'file',
    id,
    class: 'file-input',
    accept: '.json,application/json',
    multiple: many,
    'aria-describedby': `${id}-hint`,
  });
  on(input, {
    change: () => {
      if (input.files?.length) void setFiles(slot, [...input.files]);
    },
  });
  const loaded =
    slot === 'history'
      ? state.history.length
        ? t('input.loadedMany', { n: state.history.length })
        : null
      : state[slot]
        ? t(state[slot].source === 'url' ? 'input.loadedUrl' : 'input.loaded', {
            name: state[slot].name,
          })
        : null;
  const zone = h(
    'div',
    {
      class: `drop ${loaded ? 'drop-loaded' : ''} ${state.errors[slot] ? 'drop-error' : ''}`,
      'data-slot': slot,
    },
    h('h3', { class: 'drop-title' }, t(`input.${slot}` as MsgKey)),
    h('p', { class: 'muted', id: `${id}-hint` }, t(`input.${slot}.hint` as MsgKey)),
    h(
      'p',
      { class: 'drop-action' },
      t(many ? 'input.drop.many' : 'input.drop'),
      ' ',
      input,
      h('label', { for: id, class: 'button' }, t(many ? 'input.choose.many' : 'input.choose'))
    ),
    loaded ? h('p', { class: 'drop-status', 'data-status': 'loaded' }, '✓ ', loaded) : null,
    state.errors[slot]
      ? h('p', { class: 'drop-status error', role: 'alert' }, state.errors[slot])
      : null
  );
  on(zone, {
    dragover: (e) => {
      e.preventDefault();
      zone.classList.add('drop-over');
    },
    dragleave: () => zone.classList.remove('drop-over'),
    drop: (e) => {
      e.preventDefault();
      zone.classList.remove('drop-over');
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length) void setFiles(slot, many ? files : files.slice(0, 1));
    },
  });
  return zone;
}

function dl(rows: readonly [string, string | Node | null | undefined][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    rows
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [h('dt', null, k), h('dd', null, v as string | Node)])
  );
}

function summary(r: Report): HTMLElement | null {
  const p = r.proof;
  const a = r.attestation;
  if (!p && !a) return null;
  const l = lang();
  const code = (hex: string): HTMLElement => h('code', { title: hex }, shortHash(hex));
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'h-summary' },
    h('h2', { id: 'h-summary' }, t('summary')),
    dl([
      [t('summary.exchange'), a?.exchange ?? p?.exchange],
      [t('summary.period'), a?.period ?? p?.period],
      [t('summary.snapshot'), formatTime(a?.snapshotTime ?? p?.snapshotTime ?? '', l)],
      [t('summary.uid'), p?.uid],
      [
        t('summary.balances'),
        p
          ? h(
              'ul',
              { class: 'sums' },
              p.balances.map((b, i) => {
                const asset = p.assets[i];
                return h(
                  'li',
                  { 'data-asset': asset?.symbol ?? null },
                  h('span', { class: 'sym' }, asset?.symbol ?? `#${i}`),
                  ' ',
                  h(
                    'span',
                    { class: 'num' },
                    asset ? formatAmount(b, asset.decimals, l) : String(b)
                  )
                );
              })
            )
          : null,
      ],
      [
        t('summary.root'),
        p?.rootCommitment ? code(p.rootCommitment) : a ? code(a.rootCommitment) : null,
      ],
      [t('summary.issued'), a?.issuedAt ? formatTime(a.issuedAt, l) : null],
      [t('summary.valid'), a?.validUntil ? formatTime(a.validUntil, l) : null],
      [t('summary.sequence'), a ? String(a.sequence) : null],
      [t('summary.docHash'), a ? code(a.sha256) : null],
    ])
  );
}

function keys(r: Report): HTMLElement | null {
  if (!r.keys.length) return null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'h-keys' },
    h('h2', { id: 'h-keys' }, t('keys')),
    h('p', { class: 'muted' }, t('keys.hint')),
    h(
      'table',
      { class: 'keys' },
      h(
        'tbody',
        null,
        r.keys.map((k) =>
          h(
            'tr',
            { 'data-role': k.role, 'data-fingerprint': k.fingerprint },
            h(
              'th',
              { scope: 'row' },
              k.role === 'exchange' || k.role === 'auditor' ? t(`keys.role.${k.role}`) : k.role
            ),
            h('td', null, k.alg),
            h(
              'td',
              null,
              h('code', { class: 'fingerprint', title: k.publicKey }, groupHex(k.fingerprint))
            ),
            h(
              'td',
              { class: k.pinned ? 'key-ok' : 'key-bad', 'data-pinned': String(k.pinned) },
              t(k.pinned ? (k.signed ? 'keys.pinnedSigned' : 'keys.pinnedOnly') : 'keys.unpinned')
            )
          )
        )
      )
    )
  );
}

function reproduce(r: Report): HTMLElement {
  const root = r.proof?.rootCommitment ?? '<root-commitment>';
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'h-repro' },
    h('h2', { id: 'h-repro' }, t('reproduce')),
    h('p', { class: 'muted' }, t('reproduce.hint')),
    h(
      'pre',
      { class: 'cli' },
      `kura attest verify --attestation attestation.json --trust trust.json --previous previous.json\nkura tree verify --proof proof.json --root-commitment ${root}`
    )
  );
}

/** The attestation's figures are drawn only once both signatures verified against pinned keys. */
function signaturesVerified(r: Report): boolean {
  return r.checks
    .filter((c) => c.id === 'exchangeSig' || c.id === 'auditorSig')
    .every((c) => c.state === 'pass');
}

function render(): void {
  const r = state.report;
  replace(
    root,
    header(),
    h('p', { class: 'privacy', role: 'note' }, t('privacy')),
    h(
      'main',
      null,
      h(
        'section',
        { class: 'verdict-region', 'aria-labelledby': 'h-verdict', 'aria-live': 'polite' },
        h('h2', { id: 'h-verdict', class: 'sr-only' }, t('verdict')),
        verdictBanner(r),
        r ? checkList(r) : null
      ),
      h(
        'section',
        { class: 'inputs', 'aria-labelledby': 'h-inputs' },
        h('h2', { id: 'h-inputs' }, t('inputs')),
        h('div', { class: 'drops' }, SLOTS.map(dropZone))
      ),
      foreignCard(),
      r ? summary(r) : null,
      r ? keys(r) : null,
      r?.proof
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'h-ladder' },
            h('h2', { id: 'h-ladder' }, t('ladder')),
            h('p', { class: 'muted' }, t('ladder.desc')),
            ladder(
              r.proof,
              r.checks,
              r.checks.some((c) => c.id === 'path' && c.state === 'pass')
            )
          )
        : null,
      r?.attestation && !signaturesVerified(r)
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'h-att' },
            h('h2', { id: 'h-att' }, t('attestation')),
            h('p', { class: 'check-fail unverified' }, t('attestation.unverified'))
          )
        : null,
      r?.attestation && signaturesVerified(r)
        ? h(
            'section',
            { class: 'pictures', 'aria-labelledby': 'h-att' },
            h('h2', { id: 'h-att' }, t('attestation')),
            coverageChart(r.attestation.coverage, r.attestation.overall),
            splitChart(r.attestation.coverage),
            r.attestation.policy ? policyChart(r.attestation.policy) : null,
            historyChart(r.history)
          )
        : null,
      r ? reproduce(r) : null
    ),
    h('footer', null, h('p', null, t('footer')))
  );
}

// ---------------------------------------------------------------------------------------------
// Start

async function start(): Promise<void> {
  setLang(initialLang(location.search, navigator.languages ?? [navigator.language]));
  render();
  const q = new URLSearchParams(location.search);
  const jobs: Promise<void>[] = [];
  const load = async (slot: Slot, url: string): Promise<void> => {
    try {
      const f = await fetchSameOrigin(url);
      if (slot === 'history') state.history.push(f);
      else state[slot] = f;
    } catch (e) {
      state.errors[slot] = t('input.error', {
        name: url,
        message: e instanceof Error ? e.message : String(e),
      });
    }
  };
  const proof = q.get('proof');
  if (proof) jobs.push(load('proof', proof));
  const att = q.get('attestation');
  if (att) jobs.push(load('attestation', att));
  const trust = q.get('trust');
  if (trust) jobs.push(load('trust', trust));
  for (const p of q.getAll('previous')) jobs.push(load('history', p));
  if (jobs.length) {
    await Promise.all(jobs);
    verifyAndRender();
  }
  document.documentElement.dataset.ready = 'true';
}

void start();
