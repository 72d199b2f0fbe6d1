/**
 * The verifier page: collects the customer's files (drag-and-drop, file picker, or same-origin
 * URLs given in the query string), runs the verification in `verify.ts` and renders the report.
 * No framework: a state object and a `render()` that rebuilds the page's regions.
 *
 * The page is always in exactly one state (`status.ts`): waiting for a file, checking,
 * verified, not verified (the exchange's data failed a check) or could not check (a file is
 * missing, unreadable or of the wrong kind — never shown as a failed check).
 *
 * Query parameters (all optional; URLs must be on this page's own origin):
 * `proof=<url>`, `attestation=<url>`, `trust=<url>`, `previous=<url>` (repeatable), `lang=en|ja`.
 * A `proof=` link lets an exchange's account page open the customer's own proof directly.
 * @module
 */
import './style.css';
import { h, on, replace } from './dom.ts';
import { foreignCard } from './foreign/view.ts';
import { formatTime, shortHash } from './format.ts';
import { initialLang, LANGS, type Lang, lang, type MsgKey, setLang, t } from './i18n.ts';
import { loadChunk } from './lazy.ts';
import type { Report } from './model.ts';
import {
  problemOf,
  REQUIRED_SLOTS,
  SLOTS,
  type Slot,
  type SlotProblem,
  type Status,
  statusOf,
} from './status.ts';
import { type Loaded, runVerification, type Verifier, verifierKind } from './verify.ts';
import { balancesCard } from './views/balances.ts';
import { coverageChart, historyChart, policyChart, splitChart } from './views/charts.ts';
import { keysCard } from './views/keys.ts';
import { ladder } from './views/ladder.ts';
import { reproduce } from './views/reproduce.ts';
import { checkList, problemText, statusPanel } from './views/verdict.ts';

interface State {
  proof?: Loaded;
  attestation?: Loaded;
  trust?: Loaded;
  history: Loaded[];
  problems: Partial<Record<Slot, SlotProblem>>;
  /** Problems of individual earlier-month files (they never block the verdict). */
  historyProblems: SlotProblem[];
  loading: boolean;
  report: Report | null;
}

const state: State = {
  history: [],
  problems: {},
  historyProblems: [],
  loading: false,
  report: null,
};

/** Read a dropped or picked file into bytes (the attestation's SHA-256 is over exact bytes). */
async function readFile(f: File): Promise<Loaded> {
  return { name: f.name, source: 'file', bytes: new Uint8Array(await f.arrayBuffer()) };
}

class LoadError extends Error {
  constructor(readonly problem: SlotProblem) {
    super(problem.code);
  }
}

/**
 * Fetch a file published next to this page. Only same-origin URLs are accepted (the CSP's
 * `connect-src 'self'` enforces the same); redirects are refused so nothing can bounce the
 * request elsewhere; no credentials, no referrer.
 */
async function fetchSameOrigin(raw: string): Promise<Loaded> {
  const url = new URL(raw, location.href);
  if (url.origin !== location.origin)
    throw new LoadError({ code: 'NOT_SAME_ORIGIN', name: url.href });
  let res: Response;
  try {
    res = await fetch(url.href, {
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
    });
  } catch (e) {
    throw new LoadError({
      code: 'FETCH_FAILED',
      name: url.pathname,
      detail: e instanceof Error ? e.message : String(e),
    });
  }
  if (!res.ok)
    throw new LoadError({ code: 'FETCH_FAILED', name: url.pathname, detail: `HTTP ${res.status}` });
  return { name: url.pathname, source: 'url', bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** Put a file into a slot, or record why it does not belong there. */
function place(slot: Slot, f: Loaded): void {
  const problem = problemOf(slot, f);
  if (slot === 'history') {
    if (problem) state.historyProblems.push(problem);
    else state.history.push(f);
    return;
  }
  if (problem) {
    state.problems[slot] = problem;
    delete state[slot];
  } else {
    delete state.problems[slot];
    state[slot] = f;
  }
}

async function setFiles(slot: Slot, files: readonly File[]): Promise<void> {
  if (slot === 'history') state.historyProblems = [];
  state.loading = true;
  render();
  for (const file of files) {
    try {
      place(slot, await readFile(file));
    } catch (e) {
      const problem: SlotProblem = {
        code: 'FETCH_FAILED',
        name: file.name,
        detail: e instanceof Error ? e.message : String(e),
      };
      if (slot === 'history') state.historyProblems.push(problem);
      else state.problems[slot] = problem;
    }
  }
  state.loading = false;
  await verifyAndRender();
}

let runs = 0;
let jobs = 0;
/**
 * Show “checking”, load the verifier the files need (v1 or v2, once per page), then verify on
 * the next frame so the customer sees the page respond. Resolves once the page is drawn. When a
 * newer file arrives while the verifier loads, only the newer run draws the page.
 */
async function verifyAndRender(): Promise<void> {
  render({ kind: 'checking', loading: false });
  const job = ++jobs;
  const usable = (s: Exclude<Slot, 'history'>): Loaded | undefined =>
    state.problems[s] ? undefined : state[s];
  const proof = usable('proof');
  const attestation = usable('attestation');
  let verifier: Verifier | undefined;
  let problem: string | undefined;
  if (proof || attestation)
    try {
      const kind = verifierKind({ proof, attestation });
      verifier = (await loadChunk<{ verifier: Verifier }>(kind)).verifier;
      await verifier.prepare?.();
    } catch (e) {
      problem = e instanceof Error ? e.message : String(e);
    }
  await new Promise((ok) => setTimeout(ok, 0));
  if (job !== jobs) return;
  state.report =
    proof || attestation
      ? runVerification(
          {
            proof,
            attestation,
            trust: usable('trust'),
            history: state.history,
          },
          verifier,
          problem
        )
      : null;
  runs += 1;
  render();
  document.documentElement.dataset.runs = String(runs);
}

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
  const f = slot === 'history' ? undefined : state[slot];
  const added =
    slot === 'history'
      ? state.history.length
        ? t('input.readyMany', { n: state.history.length })
        : null
      : f
        ? [
            t(f.source === 'url' ? 'input.readyUrl' : 'input.ready'),
            ' ',
            h('span', { translate: 'no', class: 'file-name' }, f.name),
          ]
        : null;
  const problems =
    slot === 'history' ? state.historyProblems : state.problems[slot] ? [state.problems[slot]] : [];
  const zone = h(
    'div',
    {
      class: `drop ${added ? 'drop-added' : ''} ${problems.length ? 'drop-problem' : ''}`,
      'data-slot': slot,
      'data-problem': problems[0]?.code ?? null,
    },
    h('h3', { class: 'drop-title' }, t(`input.${slot}` as MsgKey)),
    h('p', { class: 'muted', id: `${id}-hint` }, t(`input.${slot}.hint` as MsgKey)),
    h(
      'p',
      { class: 'drop-action' },
      h('span', { class: 'drop-or' }, t(many ? 'input.drop.many' : 'input.drop')),
      ' ',
      input,
      h('label', { for: id, class: 'button' }, t(many ? 'input.choose.many' : 'input.choose'))
    ),
    added
      ? h(
          'p',
          { class: 'drop-status', 'data-status': 'added' },
          h('span', { 'aria-hidden': 'true' }, '✓ '),
          added
        )
      : null,
    problems.map((p) =>
      h(
        'p',
        { class: 'drop-status drop-warn', role: 'alert', 'data-status': p.code },
        h('span', { class: 'warn-icon', 'aria-hidden': 'true' }, '!'),
        ' ',
        problemText(slot, p)
      )
    )
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
  const a = r.attestation;
  if (!a) return null;
  const l = lang();
  const code = (hex: string): HTMLElement => h('code', { title: hex }, shortHash(hex));
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'h-summary' },
    h('h2', { id: 'h-summary' }, t('summary')),
    dl([
      [t('summary.exchange'), h('span', { translate: 'no' }, a.exchange)],
      [t('summary.period'), a.period],
      [t('summary.snapshot'), formatTime(a.snapshotTime, l)],
      [t('summary.issued'), a.issuedAt ? formatTime(a.issuedAt, l) : null],
      [t('summary.valid'), a.validUntil ? formatTime(a.validUntil, l) : null],
      [t('summary.sequence'), String(a.sequence)],
      [t('summary.root'), code(a.rootCommitment)],
      [t('summary.docHash'), code(a.sha256)],
    ])
  );
}

/** The attestation's figures are drawn only once both signatures verified against pinned keys. */
function signaturesVerified(r: Report): boolean {
  return r.checks
    .filter((c) => c.id === 'exchangeSig' || c.id === 'auditorSig')
    .every((c) => c.state === 'pass');
}

function currentStatus(): Status {
  return statusOf({
    loading: state.loading,
    files: {
      ...(state.proof ? { proof: state.proof } : {}),
      ...(state.attestation ? { attestation: state.attestation } : {}),
      ...(state.trust ? { trust: state.trust } : {}),
    },
    problems: state.problems,
    report: state.report,
  });
}

function render(override?: Status): void {
  const st = override ?? currentStatus();
  const r = st.kind === 'checking' ? null : state.report;
  const showChecks = r && (st.kind === 'pass' || st.kind === 'fail');
  document.documentElement.dataset.status = st.kind;
  document.title = t('title');
  replace(
    root,
    header(),
    h('p', { class: 'privacy', role: 'note' }, t('privacy')),
    h(
      'main',
      null,
      h(
        'section',
        { class: 'status-region', 'aria-labelledby': 'h-status', 'aria-live': 'polite' },
        statusPanel(st, r)
      ),
      r?.proof ? balancesCard(r.proof, st, r) : null,
      h(
        'section',
        { class: 'inputs', 'aria-labelledby': 'h-inputs' },
        h('h2', { id: 'h-inputs' }, t('inputs')),
        h('div', { class: 'drops' }, SLOTS.map(dropZone))
      ),
      showChecks
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'h-checks' },
            h('h2', { id: 'h-checks' }, t('checks')),
            checkList(r)
          )
        : null,
      foreignCard(),
      r ? summary(r) : null,
      r ? keysCard(r) : null,
      r?.proof
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'h-ladder' },
            h('h2', { id: 'h-ladder' }, t('ladder')),
            h('p', { class: 'muted' }, t('ladder.desc')),
            r.proof.protocol === 2
              ? h('p', { class: 'ladder-v2', 'data-protocol': '2' }, t('ladder.desc.v2'))
              : null,
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
            h('p', { class: 'unverified' }, t('attestation.unverified'))
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
      reproduce(r, {
        ...(state.proof ? { proof: state.proof } : {}),
        ...(state.attestation ? { attestation: state.attestation } : {}),
        ...(state.trust ? { trust: state.trust } : {}),
        history: state.history,
      })
    ),
    h(
      'footer',
      null,
      h(
        'p',
        null,
        t('footer'),
        ' ',
        h('a', { href: '#reproduce', class: 'footer-link' }, t('footer.link'))
      )
    )
  );
}

// ---------------------------------------------------------------------------------------------
// Start

async function start(): Promise<void> {
  setLang(initialLang(location.search, navigator.languages ?? [navigator.language]));
  const q = new URLSearchParams(location.search);
  const jobs: Promise<void>[] = [];
  const load = async (slot: Slot, url: string): Promise<void> => {
    try {
      place(slot, await fetchSameOrigin(url));
    } catch (e) {
      const problem: SlotProblem =
        e instanceof LoadError
          ? e.problem
          : { code: 'FETCH_FAILED', name: url, detail: e instanceof Error ? e.message : String(e) };
      if (slot === 'history') state.historyProblems.push(problem);
      else state.problems[slot] = problem;
    }
  };
  for (const slot of REQUIRED_SLOTS) {
    const url = q.get(slot);
    if (url) jobs.push(load(slot, url));
  }
  for (const p of q.getAll('previous')) jobs.push(load('history', p));
  state.loading = jobs.length > 0;
  render();
  if (jobs.length) {
    await Promise.all(jobs);
    state.loading = false;
    await verifyAndRender();
  }
  document.documentElement.dataset.ready = 'true';
}

void start();
