/**
 * The audit report as one self-contained HTML page: inline CSS, no script, no external
 * resource (a strict Content-Security-Policy meta tag says so), every value escaped. One section
 * per check with its status, problems, facts and tables; the beacon and the sample at the end.
 * @module
 */
import type { AuditReport } from './audit.js';
import type { AuditCheck } from './check.js';
import type { Sample } from './confirm.js';

const ESC: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for HTML element content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ESC[ch]!);
}

const CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.2rem;margin:2rem 0 .4rem}h3{font-size:1rem;margin:1rem 0 .3rem}
.verdict{padding:.8rem 1rem;border-radius:.4rem;font-weight:600;margin:1rem 0}
.pass{background:#e6f4ea;color:#0d652d}.fail{background:#fce8e6;color:#a50e0e}.error{background:#fef7e0;color:#7a4f01}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:.3rem;font-size:.8rem;font-weight:700;margin-right:.4rem;vertical-align:middle}
table{border-collapse:collapse;margin:.4rem 0;font-size:.88rem}td,th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85em;word-break:break-all}
ul{margin:.3rem 0 .3rem 1.2rem;padding:0}li.problem{color:#a50e0e}li.note{color:#57606a}
section{border-top:1px solid #d0d7de}footer{margin-top:2rem;color:#57606a;font-size:.85rem}
`;

/** A table; `columns` null for a two-column label/value table without a header. */
function table(columns: readonly string[] | null, rows: readonly (readonly string[])[]): string {
  const head = columns
    ? `<thead><tr>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead>`
    : '';
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((v) => `<td${/^[−+-]?[0-9][0-9.,]*$/.test(v) ? ' class="num"' : ''}>${esc(v)}</td>`).join('')}</tr>`
    )
    .join('\n');
  return `<table>${head}<tbody>\n${body}\n</tbody></table>`;
}

const LABEL: Readonly<Record<string, string>> = {
  pass: 'PASS',
  fail: 'FAIL',
  error: 'NOT CHECKED',
};

function section(c: AuditCheck): string {
  const parts = [
    `<section id="check-${esc(c.id)}"><h2><span class="badge ${c.status}">${LABEL[c.status]}</span>${esc(c.title)}</h2>`,
    `<p>${esc(c.summary)}</p>`,
  ];
  const items = [
    ...c.problems.map((p) => `<li class="problem">${esc(p)}</li>`),
    ...c.errors.map((p) => `<li class="problem">not checked: ${esc(p)}</li>`),
    ...c.notes.map((p) => `<li class="note">${esc(p)}</li>`),
  ];
  if (items.length) parts.push(`<ul>${items.join('\n')}</ul>`);
  if (c.facts.length)
    parts.push(
      table(
        null,
        c.facts.map(([k, v]) => [k, v])
      )
    );
  for (const t of c.tables) parts.push(`<h3>${esc(t.title)}</h3>`, table(t.columns, t.rows));
  parts.push('</section>');
  return parts.join('\n');
}

/** Render the report. */
export function renderHtml(r: AuditReport, sample?: Sample): string {
  const a = r.attestation;
  const title = a
    ? `Audit of ${a.exchangeName} — ${a.period}`
    : `Audit of ${r.inputs.publication ?? 'a publication'}`;
  const verdict =
    r.result === 'pass'
      ? 'PASSED — every check passed; the attestation is counter-signed by the auditor.'
      : r.result === 'fail'
        ? `FAILED — ${r.problems.length} problem(s); the attestation is NOT counter-signed.`
        : 'NOT COMPLETED — a check could not be carried out; the attestation is NOT counter-signed.';
  const overview = table(
    ['check', 'result', 'summary'],
    r.checks.map((c) => [c.title, LABEL[c.status]!, c.summary])
  );
  const info: [string, string][] = [
    ...(a
      ? ([
          ['exchange', `${a.exchangeName} (${a.exchange})`],
          ['period', `${a.period}, snapshot ${a.snapshotTime}, sequence ${a.sequence}`],
          ['roundId', a.roundId],
          ['rootCommitment', a.rootCommitment],
          ['statement SHA-256', a.statementSha256],
        ] as [string, string][])
      : []),
    ...Object.entries(r.inputs).map(([k, v]) => [k, v] as [string, string]),
    ['auditor key', `${r.auditor.alg} ${r.auditor.fingerprint}`],
    ['started / finished', `${r.startedAt} / ${r.finishedAt}`],
  ];
  const beacon = sample
    ? `<section id="beacon"><h2>Beacon and sample</h2>
<p>The sample is drawn from a public random beacon the exchange cannot choose: the hash of the
Bitcoin block at height ${sample.beacon.height} = snapshot height ${sample.beacon.snapshotHeight}
+ K (${sample.beacon.depth})${sample.beacon.height > sample.beacon.snapshotHeight + sample.beacon.depth ? ', raised to the minimum height given' : ''}, read from the auditor's own node.</p>
${table(null, [
  ['beacon block', `${sample.beacon.chain} height ${sample.beacon.height}`],
  ['block hash', sample.beacon.blockHash],
  ['block time', sample.beacon.time],
  [
    'beacon rule',
    `block time later than issuedAt ${sample.beacon.issuedAt} + ${sample.beacon.skewSeconds} s skew`,
  ],
  ['seed', sample.seed],
  ['population', String(sample.population)],
  ['sample size', String(sample.size)],
])}
<p class="mono">${esc(sample.derivation)}</p></section>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><h1>${esc(title)}</h1>
<div class="verdict ${r.result}">${esc(verdict)}</div>
${table(null, info)}
<h2>Checks</h2>
${overview}
${r.checks.map(section).join('\n')}
${beacon}
<footer>kura audit · report ${esc(r.version)} · the JSON report (audit-report.json) holds the same data</footer>
</body></html>
`;
}
