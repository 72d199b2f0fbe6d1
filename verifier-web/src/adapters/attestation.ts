/**
 * Adapter to @kura/attest `verifyAttestation`: signatures against the pinned trust file, the
 * document's own numbers and dates, the coverage verdict, and the hash link to the previous
 * month. The package decides every check; this module maps its stable codes onto the checks the
 * customer sees (the package returns the first failure, in a documented order of phases).
 *
 * Per-role attribution: when the package refuses in its signatures phase, its result lists the
 * roles whose own signatures fail (`failedSigners`), so the page can say which signature failed
 * from one call. A role is marked valid only when the package accepted that role's signatures; a
 * failure no single role explains fails both.
 * @module
 */

import {
  type Attestation,
  type AttestationRefused,
  type AttestationResult,
  type AttestPhase,
  attestPhaseOf,
  keyFingerprint,
  parseAttestation,
  parseTrust,
  type SigAlg,
  statementSha256,
  type TrustFile,
  verifyAttestationCore,
} from '@kura/attest';
import { formatDecimal, hexToBytes, parseJsonBytes, parseUnits } from '@kura/codec';
import type {
  AssetCoverageView,
  AttestationView,
  Check,
  CheckId,
  HistoryPoint,
  KeyView,
  OverallCoverageView,
} from '../model.ts';
import type { Loaded } from '../verify.ts';
import type { Expected } from './proof.ts';

export interface AttestationOutcome {
  readonly checks: readonly Check[];
  /** The attested root, round and assets, whenever the document could be read. */
  readonly expected?: Expected;
  readonly view?: AttestationView;
  readonly keys: readonly KeyView[];
  readonly history: readonly HistoryPoint[];
}

/** The page's view of the package's checking phases (`ATTEST_PHASES` of @kura/attest). */
export type Phase = 'parse' | 'trust' | 'signature' | 'document' | 'previous' | 'verdict' | 'other';

/**
 * The package's phases as the page groups them: the document's numbers and its dates are one
 * check; root.json, the evidence file (the page passes neither) and the verifier's own error fail
 * closed.
 */
const PAGE_PHASE: Readonly<Record<AttestPhase, Phase>> = {
  parse: 'parse',
  trust: 'trust',
  signatures: 'signature',
  numbers: 'document',
  time: 'document',
  root: 'other',
  evidence: 'other',
  policy: 'other',
  previous: 'previous',
  verdict: 'verdict',
  error: 'other',
};

/** The phase a code belongs to (@kura/attest's table); unknown codes are `other`. */
export function phaseOf(code: string): Phase {
  const p = attestPhaseOf(code);
  return p === undefined ? 'other' : PAGE_PHASE[p];
}

/** The phase that refused a result — the package states it (a code alone can be ambiguous). */
const phaseOfResult = (r: AttestationRefused): Phase => PAGE_PHASE[r.phase] ?? 'other';

/** Phases that come after the signatures: reaching them means every signature verified. */
const AFTER_SIGNATURES: readonly Phase[] = ['document', 'previous', 'verdict'];

type Failure = { code: string; message: string };

function fail(id: CheckId, f: Failure): Check {
  return { id, state: 'fail', code: f.code, message: f.message };
}
const pass = (id: CheckId): Check => ({ id, state: 'pass' });
const skip = (id: CheckId): Check => ({ id, state: 'skip' });

/** Check the attestation; `history` are earlier months' attestations (optional). */
export function checkAttestation(
  file: Loaded,
  raw: unknown,
  trustFile: Loaded | undefined,
  history: readonly Loaded[]
): AttestationOutcome {
  // The document itself: if the package cannot read it, nothing else can be checked.
  let att: Attestation;
  try {
    att = parseAttestation(raw);
  } catch (e) {
    const f = { code: codeOf(e, 'SCHEMA'), message: messageOf(e) };
    return {
      checks: [
        fail('exchangeSig', f),
        fail('auditorSig', f),
        fail('document', f),
        skip('coverage'),
        skip('previous'),
      ],
      keys: [],
      history: [],
    };
  }
  const expected: Expected = {
    rootCommitment: att.liabilities.rootCommitment,
    round: att.round,
    assets: [...att.liabilities.assets],
  };
  const view = attestationView(att);

  // The pinned keys.
  let trust: TrustFile | undefined;
  let trustFailure: Failure | undefined;
  if (!trustFile) trustFailure = { code: 'MISSING', message: 'the trust file is not loaded' };
  else
    try {
      trust = parseTrust(parseJsonBytes(trustFile.bytes));
    } catch (e) {
      trustFailure = { code: codeOf(e, 'TRUST_INVALID'), message: messageOf(e) };
    }
  const keys = keyViews(att, trust);
  if (!trust) {
    const f = trustFailure!;
    return {
      checks: [
        fail('exchangeSig', f),
        fail('auditorSig', f),
        skip('document'),
        skip('coverage'),
        skip('previous'),
      ],
      expected,
      view,
      keys,
      history: [],
    };
  }

  // The attestation as the package sees it. With last month's attestation loaded, one call
  // checks the link too; only if the link fails is it asked again without it, for the rest.
  const candidates = previousCandidates(att, history);
  // Without last month's attestation the package is told so explicitly (noPrevious), and the
  // page says the link was not checked (detail.previous.none).
  let full = verifyAttestationCore(file.bytes, {
    trust,
    ...(candidates[0] ? { previous: candidates[0].file.bytes } : { noPrevious: true }),
  });
  let previous: Check;
  if (att.previousSha256 === null)
    previous = { id: 'previous', state: 'na', note: { key: 'detail.previous.first' } };
  else if (!candidates[0])
    previous = { id: 'previous', state: 'na', note: { key: 'detail.previous.none' } };
  else if (!full.ok && phaseOfResult(full) === 'previous') {
    previous = {
      id: 'previous',
      state: 'fail',
      code: full.code,
      message: `${candidates[0].file.name}: ${full.message}`,
    };
    full = verifyAttestationCore(file.bytes, { trust, noPrevious: true });
  } else previous = linkCheck(file, trust, candidates, full);
  const checks: Check[] = [];
  const phase = full.ok ? 'ok' : phaseOfResult(full);

  if (full.ok || AFTER_SIGNATURES.includes(phase as Phase)) {
    checks.push(pass('exchangeSig'), pass('auditorSig'));
  } else if (phase === 'signature' && !full.ok) {
    const failed = full.failedSigners ?? [];
    const [ex, au] = (['exchange', 'auditor'] as const).map((role) => {
      const r = failed.find((x) => x.role === role);
      return r ? { code: r.code, message: r.message } : null;
    });
    const f = { code: full.code, message: full.message };
    checks.push(
      ex ? fail('exchangeSig', ex) : !au ? fail('exchangeSig', f) : pass('exchangeSig'),
      au ? fail('auditorSig', au) : !ex ? fail('auditorSig', f) : pass('auditorSig')
    );
  } else {
    // parse, trust or an unknown code: fail closed on both.
    const f = { code: full.ok ? 'VERIFY_ERROR' : full.code, message: full.ok ? '' : full.message };
    checks.push(fail('exchangeSig', f), fail('auditorSig', f));
  }

  if (full.ok || phase === 'verdict' || phase === 'previous') checks.push(pass('document'));
  else if (phase === 'document') checks.push(fail('document', full as Failure));
  else checks.push(skip('document'));

  if (full.ok) checks.push(pass('coverage'));
  else if (phase === 'verdict') checks.push(fail('coverage', full as Failure));
  else checks.push(skip('coverage'));

  checks.push(previous);

  return { checks, expected, view, keys, history: historyPoints(att, full, trust, history) };
}

interface Candidate {
  readonly file: Loaded;
  readonly att: Attestation;
}

/** Loaded attestations numbered just before this one (normally exactly one). */
function previousCandidates(att: Attestation, history: readonly Loaded[]): Candidate[] {
  if (att.previousSha256 === null) return [];
  const out: Candidate[] = [];
  for (const h of history) {
    try {
      const p = parseAttestation(parseJsonBytes(h.bytes));
      if (p.sequence === att.sequence - 1) out.push({ file: h, att: p });
    } catch {
      // Not an attestation the package can read: it is not the previous month.
    }
  }
  return out;
}

/**
 * The link to the previous month when the first candidate did not fail it: `first` is the
 * package's result with that candidate. Further candidates (two documents claiming the same
 * month) are each checked by the package; any failing link fails the check.
 */
function linkCheck(
  file: Loaded,
  trust: TrustFile,
  candidates: readonly Candidate[],
  first: AttestationResult
): Check {
  const linked = (r: AttestationResult): boolean => r.ok || phaseOfResult(r) === 'verdict';
  if (!linked(first)) return skip('previous');
  for (const c of candidates.slice(1)) {
    const r = verifyAttestationCore(file.bytes, { trust, previous: c.file.bytes });
    if (!r.ok && phaseOfResult(r) === 'previous')
      return {
        id: 'previous',
        state: 'fail',
        code: r.code,
        message: `${c.file.name}: ${r.message}`,
      };
    if (!linked(r)) return skip('previous');
  }
  return {
    id: 'previous',
    state: 'pass',
    note: { key: 'detail.previous.ok', params: { period: candidates[0]!.att.round.period } },
  };
}

/**
 * Coverage-ratio history: this month and every loaded earlier month whose signatures the package
 * accepts against the pinned keys (earlier months may have expired — that is expected).
 */
function historyPoints(
  att: Attestation,
  full: AttestationResult,
  trust: TrustFile,
  history: readonly Loaded[]
): HistoryPoint[] {
  const usable = (r: AttestationResult): boolean =>
    r.ok || r.code === 'NOT_COVERED' || r.code === 'EXPIRED';
  const docs: Attestation[] = usable(full) ? [att] : [];
  for (const h of history) {
    const r = verifyAttestationCore(h.bytes, { trust, noPrevious: true });
    if (usable(r) && r.attestation) docs.push(r.attestation);
  }
  const seen = new Set<string>();
  const out: HistoryPoint[] = [];
  for (const d of docs) {
    const id = statementSha256(d);
    const bps = d.coverage.overall.ratioBps;
    if (seen.has(id) || bps === null) continue;
    seen.add(id);
    out.push({
      period: d.round.period,
      ratio: bpsRatio(bps),
      pass: d.coverage.pass,
    });
  }
  return out;
}

/** The pinned keys, and any signing key that is not pinned, with fingerprints to compare. */
function keyViews(att: Attestation, trust: TrustFile | undefined): KeyView[] {
  const out: KeyView[] = [];
  for (const k of trust?.keys ?? [])
    out.push({
      role: k.role,
      alg: k.alg,
      publicKey: k.publicKey,
      fingerprint: k.fingerprint,
      pinned: true,
      signed: att.signatures.some((s) => s.alg === k.alg && s.publicKey === k.publicKey),
    });
  for (const s of att.signatures) {
    if (out.some((k) => k.alg === s.alg && k.publicKey === s.publicKey)) continue;
    let fp = '';
    try {
      fp = keyFingerprint(s.alg as SigAlg, hexToBytes(s.publicKey));
    } catch {
      fp = s.publicKey;
    }
    out.push({
      role: s.role,
      alg: s.alg,
      publicKey: s.publicKey,
      fingerprint: fp,
      pinned: false,
      signed: true,
    });
  }
  return out;
}

/** What the pictures draw, read from the parsed document (amounts stay bigint / decimal). */
function attestationView(att: Attestation): AttestationView {
  const assets = att.liabilities.assets;
  const coverage: AssetCoverageView[] = assets.map((a, i) => {
    const c = att.coverage.assets[i];
    const r = att.reserves.assets[i];
    const liabilities = BigInt(att.liabilities.totals[i] ?? '0');
    // An in-kind requirement of the policy for this asset (whole units), if it states one.
    const inKind = att.policy.checks.find((k) => k.id === `inKind:${a.symbol}`);
    let required = 0n;
    if (inKind)
      try {
        const need = parseUnits(inKind.required, a.decimals);
        if (need > liabilities) required = need - liabilities;
      } catch {
        required = 0n;
      }
    return {
      symbol: a.symbol,
      decimals: a.decimals,
      liabilities,
      required,
      cold: BigInt(r?.customerCold ?? '0'),
      hot: BigInt(r?.customerHot ?? '0'),
      own: BigInt(r?.exchangeOwn ?? '0'),
      ...(c?.ratioBps != null ? { ratio: bpsRatio(c.ratioBps) } : {}),
      pass: c?.pass === true,
    };
  });
  const o = att.coverage.overall;
  let overall: OverallCoverageView | undefined;
  try {
    overall = {
      currency: o.currency,
      decimals: o.valueDecimals,
      liabilities: parseUnits(o.liabilitiesValue, o.valueDecimals),
      required: parseUnits(o.requiredReserve, o.valueDecimals),
      reserves: parseUnits(o.reservesValue, o.valueDecimals),
      perAsset: att.coverage.assets.map((c) => ({
        symbol: c.asset,
        value: parseUnits(c.reservesValue, o.valueDecimals),
      })),
      ...(o.ratioBps !== null ? { ratio: bpsRatio(o.ratioBps) } : {}),
      pass: o.pass,
    };
  } catch {
    overall = undefined;
  }
  return {
    exchange: att.exchange.name,
    period: att.round.period,
    snapshotTime: att.round.snapshotTime,
    issuedAt: att.issuedAt,
    validUntil: att.expiresAt,
    sequence: att.sequence,
    rootCommitment: att.liabilities.rootCommitment,
    sha256: statementSha256(att),
    coverage,
    ...(overall ? { overall } : {}),
    policy: {
      id: att.policy.id,
      version: att.policy.version,
      sha256: att.policy.sha256,
      reportingCurrency: att.policy.reportingCurrency,
      requiredReserve: att.policy.requiredReserve,
      pass: att.policy.pass,
      terms: att.policy.terms.map((x) => ({
        id: x.id,
        label: x.label,
        ...labelJa(x),
        formula: x.formula,
        value: x.value,
        unit: x.unit,
        provenance: { kind: x.provenance.kind, source: x.provenance.source },
      })),
      checks: att.policy.checks.map((c) => ({
        id: c.id,
        label: c.label,
        ...labelJa(c),
        required: c.required,
        actual: c.actual,
        pass: c.pass,
        unit: typeof c.unit === 'string' ? c.unit : '',
      })),
    },
    scope: {
      included: att.scope.included.map((s) => s.id),
      excluded: att.scope.excluded.map((s) => s.id),
    },
    ...(o.ratioBps !== null ? { ratio: bpsRatio(o.ratioBps) } : {}),
  };
}

/** The optional `labelJa` the policy evaluation carries (kept by the parser as an extra member). */
function labelJa(x: object): { labelJa?: string } {
  const v = (x as { labelJa?: unknown }).labelJa;
  return typeof v === 'string' && v !== '' ? { labelJa: v } : {};
}

/** Basis points (as the attestation states them) → exact decimal ratio, 1 = 100 %. */
function bpsRatio(bps: string): string {
  return formatDecimal({ n: BigInt(bps), scale: 4 });
}

function codeOf(e: unknown, fallback: string): string {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : fallback;
}
function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
