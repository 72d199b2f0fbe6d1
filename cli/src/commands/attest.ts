/**
 * `kura keys gen` and `kura attest create | sign | verify` — the monthly attestation.
 *
 * - `keys gen` writes a private-key file (mode 0600, never over an existing file) and a
 *   `<file>.pub.json` trust-entry snippet; prints the public key and fingerprint. With
 *   `--pkcs11 <uri>` the key pair is generated inside the token and only the snippet is written.
 * - `attest create` assembles the unsigned statement from root.json, the evidence file(s), the
 *   policy result, scope and the previous attestation. It never signs.
 * - `attest sign` adds one role's signature without changing the statement (`--key` a key file
 *   or a `pkcs11:` URI: then the token signs).
 * - `attest verify` checks signatures against a trust file and every number that follows from
 *   others (with `--policy`, re-runs the policy evaluation); exit 0 valid, 1 invalid, 2 could not
 *   check — including a `sequence > 1` document without `--previous` (unless `--no-previous`,
 *   and then the output says "chain not checked").
 * @module
 */
import { existsSync } from 'node:fs';
import {
  type Attestation,
  type AttestationResult,
  COULD_NOT_CHECK_CODES,
  createAttestation,
  DEFAULT_VALID_DAYS,
  type Evidence,
  formatEvidence,
  mergeEvidence,
  type PriceEntry,
  parseAttestation,
  parseAttestationBytes,
  parseEvidenceBytes,
  parsePolicy,
  parseScope,
  pricesFromList,
  ROLES,
  type Role,
  SchemaError,
  SIG_ALGS,
  type SigAlg,
  signAttestation,
  statementSha256,
  trustEntry,
  verifyAttestation,
  verifyExistingSignatures,
} from '@kura/attest';
import {
  bytesToHex,
  formatUnits,
  InputError,
  KuraError,
  parseJsonBytes,
  sha256,
  utf8Raw,
} from '@kura/codec';
import {
  DOCUMENTS,
  expectDocument,
  readFileOrThrow,
  readJsonFile,
  readKuraDocument,
  writeFileAtomic,
} from '@kura/codec/node';
import {
  createKeyFile,
  describeUri,
  generateKeyPair,
  loadSigningKey,
  tokenUri,
} from '@kura/pkcs11';
import { verifyPolicyEvaluation } from '@kura/policy';
import { parseAnyRootFile } from '@kura/tree';
import { type Command, Option } from 'commander';
import { guardOutput } from '../convention.js';
import {
  action,
  EXIT_ERROR,
  EXIT_INVALID,
  EXIT_OK,
  intOption,
  printJson,
  repeatable,
} from '../util.js';

/** Run a parser on a file's JSON; its KuraErrors are re-thrown naming the file. */
function inFile<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SchemaError && e.file === undefined) throw e.withFile(file);
    if (e instanceof KuraError && !e.message.includes(file))
      throw new InputError(e.message, { file }, { cause: e });
    throw e;
  }
}

/** `kura keys gen --alg … --out <file> [--pkcs11 <uri>]`. */
export function registerKeysGen(keys: Command): void {
  keys
    .command('gen')
    .description(
      'generate an attestation signing key: a private key file (mode 0600), or a key pair inside a PKCS#11 token'
    )
    .addOption(
      new Option('--alg <alg>', 'signature algorithm')
        .choices([...SIG_ALGS, 'secp256k1'])
        .makeOptionMandatory()
    )
    .requiredOption(
      '--out <file>',
      'private key file to create (refuses to overwrite); with --pkcs11 only <file>.pub.json is written'
    )
    .option(
      '--pkcs11 <uri>',
      'generate a non-extractable key pair in this token (pkcs11:token=…;object=…?module-path=…&pin-source=…)'
    )
    .addOption(new Option('--role <role>', 'role for the trust-entry snippet').choices([...ROLES]))
    .option('--name <name>', 'name for the trust-entry snippet')
    .option('--json', 'print JSON')
    .action(
      action(
        (o: {
          alg: SigAlg | 'secp256k1';
          out: string;
          pkcs11?: string;
          role?: Role;
          name?: string;
          json?: boolean;
        }) => {
          const alg: SigAlg = o.alg === 'secp256k1' ? 'ecdsa-secp256k1' : o.alg;
          const pubFile =
            o.pkcs11 !== undefined && o.out.endsWith('.pub.json') ? o.out : `${o.out}.pub.json`;
          const files = o.pkcs11 !== undefined ? [pubFile] : [o.out, pubFile];
          for (const f of files)
            if (existsSync(f))
              throw new InputError('file exists; refusing to overwrite', { file: f });
          const extra = {
            ...(o.role ? { role: o.role } : {}),
            ...(o.name ? { name: o.name } : {}),
          };
          let publicKey: Uint8Array;
          let where: string;
          if (o.pkcs11 !== undefined) {
            const uri = tokenUri(o.pkcs11, '--pkcs11');
            publicKey = generateKeyPair(uri, alg, o.role).publicKey;
            where = `${describeUri(uri)} (in the token: sensitive, not extractable)`;
          } else {
            publicKey = createKeyFile(o.out, alg);
            where = `${o.out} (mode 0600 — keep it offline)`;
          }
          const entry = trustEntry(alg, publicKey, extra);
          writeFileAtomic(pubFile, `${JSON.stringify(entry, null, 2)}\n`, { exclusive: true });
          if (o.json)
            printJson({
              alg,
              publicKey: entry.publicKey,
              fingerprint: entry.fingerprint,
              ...(o.pkcs11 !== undefined ? { token: where } : { keyFile: o.out }),
              trustEntry: pubFile,
            });
          else {
            process.stdout.write(
              `algorithm:   ${alg}\npublic key:  ${entry.publicKey}\nfingerprint: ${entry.fingerprint}\n` +
                `private key: ${where}\ntrust entry: ${pubFile}` +
                `${o.role ? '' : ' (add "role": "exchange" or "auditor" before pinning it)'}\n`
            );
          }
          return EXIT_OK;
        }
      )
    );
}

/** Register `kura attest …`. */
export function registerAttest(parent: Command): void {
  const attest = parent
    .command('attest')
    .description('the monthly attestation: create, sign, verify');
  registerCreate(attest);
  registerSign(attest);
  registerVerify(attest);
}

interface CreateOpts {
  force?: boolean;
  root: string;
  evidence: string[];
  evidenceOut?: string;
  policyResult: string;
  scope: string;
  prices?: string;
  previous?: string;
  exchangeName: string;
  exchangeUrl?: string;
  exchangeRegistration?: string;
  exchangeLei?: string;
  auditorName?: string;
  auditorUrl?: string;
  issuedAt?: string;
  validDays: string;
  valueDecimals?: string;
  discloseUserCount?: string;
  out: string;
  json?: boolean;
}

function registerCreate(attest: Command): void {
  attest
    .command('create')
    .description('assemble an unsigned attestation (it does not sign)')
    .requiredOption('--root <file>', 'tree root file root.json')
    .requiredOption(
      '--evidence <file>',
      'reserves evidence file (repeat to merge parts)',
      repeatable
    )
    .option('--evidence-out <file>', 'write the merged evidence file here (needed for 2+ parts)')
    .requiredOption('--policy-result <file>', 'policy evaluation JSON (kura policy check --out)')
    .requiredOption('--scope <file>', 'scope JSON: {"included": [...], "excluded": [...]}')
    .option('--prices <file>', 'prices JSON array (default: the prices of the policy inputs)')
    .option('--previous <file>', "the previous month's attestation (omit for the first)")
    .requiredOption('--exchange-name <name>', 'legal name of the exchange')
    .option('--exchange-url <url>', 'exchange website')
    .option('--exchange-registration <text>', 'licence / registration number')
    .option('--exchange-lei <lei>', 'Legal Entity Identifier')
    .option('--auditor-name <name>', 'name of the auditor who will counter-sign')
    .option('--auditor-url <url>', 'auditor website')
    .option('--issued-at <time>', 'RFC 3339 UTC issue time (default: now)')
    .option('--valid-days <n>', 'validity in days from issuedAt', String(DEFAULT_VALID_DAYS))
    .option(
      '--value-decimals <n>',
      'fraction digits of reporting-currency values (default by currency)'
    )
    .option('--disclose-user-count <n>', 'publish the number of customers in the tree')
    .requiredOption('--out <file>', 'attestation file to write')
    .option('--force', 'replace --out even if it holds a signed attestation')
    .option('--json', 'print JSON')
    .action(action((o: CreateOpts) => create(o)));
}

function create(o: CreateOpts): number {
  guardOutput(o.out, o.force === true);
  if (o.evidenceOut !== undefined) guardOutput(o.evidenceOut, o.force === true);
  expectDocument(o.root, DOCUMENTS.root);
  for (const f of o.evidence) expectDocument(f, DOCUMENTS.evidence);
  if (o.previous !== undefined) expectDocument(o.previous, DOCUMENTS.attestation);
  const root = inFile(o.root, () => parseAnyRootFile(readJsonFile(o.root)));
  const parts: Evidence[] = o.evidence.map((f) =>
    inFile(f, () => parseEvidenceBytes(readFileOrThrow(f), f))
  );
  let evidenceBytes: Uint8Array;
  let evidence: Evidence;
  if (o.evidenceOut !== undefined) {
    evidence = inFile(o.evidence.join(', '), () => mergeEvidence(parts, { assets: root.assets }));
    evidenceBytes = utf8Raw(formatEvidence(evidence));
  } else {
    if (parts.length !== 1)
      throw new InputError('several --evidence parts need --evidence-out for the merged file', {
        field: '--evidence-out',
      });
    evidence = parts[0]!;
    evidenceBytes = readFileOrThrow(o.evidence[0]!);
  }
  const policy = inFile(o.policyResult, () => parsePolicy(readJsonFile(o.policyResult), '$'));
  const scope = inFile(o.scope, () => parseScope(readJsonFile(o.scope), '$'));
  let prices: PriceEntry[] | undefined;
  if (o.prices !== undefined) {
    const file = o.prices;
    prices = inFile(file, () =>
      pricesFromList(
        readJsonFile(file),
        root.assets.map((a) => a.symbol),
        file
      )
    );
  }
  const previous =
    o.previous === undefined
      ? null
      : inFile(o.previous, () => parseAttestationBytes(readFileOrThrow(o.previous!), o.previous));
  if (o.issuedAt !== undefined && Number.isNaN(Date.parse(o.issuedAt)))
    throw new InputError('expected an RFC 3339 time', { field: '--issued-at' });
  const validDays = intOption('--valid-days', o.validDays, DEFAULT_VALID_DAYS, 1, 3660);
  const valueDecimals =
    o.valueDecimals === undefined
      ? undefined
      : intOption('--value-decimals', o.valueDecimals, 0, 0, 18);
  const att = createAttestation({
    root,
    evidence,
    evidenceSha256: bytesToHex(sha256(evidenceBytes)),
    policy,
    ...(prices ? { prices } : {}),
    scope,
    exchange: {
      name: o.exchangeName,
      ...(o.exchangeUrl ? { url: o.exchangeUrl } : {}),
      ...(o.exchangeRegistration ? { registration: o.exchangeRegistration } : {}),
      ...(o.exchangeLei ? { lei: o.exchangeLei } : {}),
    },
    ...(o.auditorName
      ? { auditor: { name: o.auditorName, ...(o.auditorUrl ? { url: o.auditorUrl } : {}) } }
      : {}),
    previous,
    // issuedAt defaults to now, expiresAt to issuedAt + validDays, valueDecimals to the
    // reporting currency's minor units: createAttestation's defaults
    ...(o.issuedAt !== undefined ? { issuedAt: o.issuedAt } : {}),
    validDays,
    ...(valueDecimals !== undefined ? { valueDecimals } : {}),
    ...(o.discloseUserCount !== undefined
      ? {
          userCount: BigInt(
            intOption('--disclose-user-count', o.discloseUserCount, 0, 0, Number.MAX_SAFE_INTEGER)
          ),
        }
      : {}),
  });
  // re-parse what we are about to write: the file must pass the strict parser
  const text = `${JSON.stringify(att, null, 2)}\n`;
  parseAttestation(parseJsonBytes(utf8Raw(text)));
  if (o.evidenceOut !== undefined) writeFileAtomic(o.evidenceOut, evidenceBytes);
  writeFileAtomic(o.out, text);
  const summary = {
    out: o.out,
    sequence: att.sequence,
    previousSha256: att.previousSha256,
    statementSha256: statementSha256(att),
    evidenceSha256: att.reserves.evidenceSha256,
    coveragePass: att.coverage.pass,
  };
  if (o.json) printJson(summary);
  else
    process.stdout.write(
      `wrote ${o.out} (unsigned; sequence ${att.sequence})\n` +
        `statement sha256: ${summary.statementSha256}\n` +
        `evidence sha256:  ${summary.evidenceSha256}${o.evidenceOut ? ` (${o.evidenceOut})` : ''}\n` +
        `coverage:         ${att.coverage.pass ? 'PASS' : 'FAIL'}\n` +
        'next: kura attest sign --role exchange, then --role auditor\n'
    );
  return EXIT_OK;
}

function registerSign(attest: Command): void {
  attest
    .command('sign')
    .description("add the exchange's or the auditor's signature (the statement is unchanged)")
    .requiredOption('--attestation <file>', 'attestation file')
    .requiredOption('--key <file|uri>', 'private key file (kura keys gen) or pkcs11: URI')
    .addOption(
      new Option('--role <role>', 'signing role').choices([...ROLES]).makeOptionMandatory()
    )
    .option('--out <file>', 'write here (default: replace the attestation file)')
    .option('--json', 'print JSON')
    .action(
      action(
        (o: { attestation: string; key: string; role: Role; out?: string; json?: boolean }) => {
          readKuraDocument(o.attestation, DOCUMENTS.attestation); // truncated, another kind: 2
          const att = inFile(o.attestation, () =>
            parseAttestationBytes(readFileOrThrow(o.attestation), o.attestation)
          );
          const key = loadSigningKey(o.key, { role: o.role }).signer;
          // never counter-sign something whose existing signatures do not even verify
          const existing = verifyExistingSignatures(att);
          if (!existing.ok) throw new InputError(existing.message, { file: o.attestation });
          let signed: Attestation;
          try {
            signed = signAttestation(att, o.role, key);
          } catch (e) {
            if (e instanceof KuraError) throw e;
            throw new InputError((e as Error).message, { file: o.attestation });
          }
          const out = o.out ?? o.attestation;
          writeFileAtomic(out, `${JSON.stringify(signed, null, 2)}\n`);
          const sig = signed.signatures[signed.signatures.length - 1]!;
          if (o.json) printJson({ out, role: o.role, alg: sig.alg, publicKey: sig.publicKey });
          else process.stdout.write(`signed as ${o.role} (${sig.alg} ${sig.publicKey}) → ${out}\n`);
          return EXIT_OK;
        }
      )
    );
}

interface VerifyOpts {
  attestation: string;
  trust: string;
  /** A file, or false for --no-previous. */
  previous?: string | false;
  policy?: string;
  policyInputs?: string;
  root?: string;
  evidence?: string;
  requireRoles: string;
  now?: string;
  json?: boolean;
}

function registerVerify(attest: Command): void {
  attest
    .command('verify')
    .description('verify an attestation: exit 0 valid, 1 invalid, 2 could not check')
    .requiredOption('--attestation <file>', 'attestation file')
    .requiredOption('--trust <file>', 'trust file with the pinned keys (kura-trust/1)')
    .option('--previous <file>', "the previous month's attestation (checks the hash chain)")
    .option(
      '--no-previous',
      'verify a sequence > 1 attestation without the previous one; the output says "chain not checked"'
    )
    .option('--root <file>', 'the tree root file root.json (checks the liabilities)')
    .option('--evidence <file>', 'the evidence file (checks its hash and the reserves)')
    .option(
      '--policy <file>',
      're-run the policy evaluation with this policy file (kura-policy/1; needs --root and --evidence)'
    )
    .option(
      '--policy-inputs <file>',
      'the policy inputs file (kura-policy-inputs/1) the evaluation used; default: the embedded inputs'
    )
    .option('--require-roles <roles>', 'roles that must have signed', 'exchange,auditor')
    .option('--now <time>', 'check validity at this RFC 3339 time instead of now')
    .option('--json', 'print JSON')
    .action(action((o: VerifyOpts) => verifyCmd(o)));
}

function verifyCmd(o: VerifyOpts): number {
  const roles = o.requireRoles.split(',').filter((r) => r !== '');
  for (const r of roles)
    if (!(ROLES as readonly string[]).includes(r))
      throw new InputError(`unknown role "${r}"`, { field: '--require-roles' });
  const now = o.now === undefined ? Date.now() : Date.parse(o.now);
  if (Number.isNaN(now)) throw new InputError('expected an RFC 3339 time', { field: '--now' });
  // cli/README.md: a truncated file or another kind of document cannot be checked (exit 2)
  for (const [f, d] of [
    [o.attestation, DOCUMENTS.attestation],
    [o.trust, DOCUMENTS.trust],
    [o.root, DOCUMENTS.root],
    [o.evidence, DOCUMENTS.evidence],
    [o.previous, DOCUMENTS.attestation],
  ] as const)
    if (typeof f === 'string') readKuraDocument(f, d);
  const r = verifyAttestation(readFileOrThrow(o.attestation), {
    trust: readFileOrThrow(o.trust),
    requiredRoles: roles as Role[],
    now,
    ...(o.root !== undefined ? { root: readFileOrThrow(o.root) } : {}),
    ...(o.evidence !== undefined ? { evidence: readFileOrThrow(o.evidence) } : {}),
    ...(typeof o.previous === 'string' ? { previous: readFileOrThrow(o.previous) } : {}),
    ...(o.previous === false ? { noPrevious: true } : {}),
    ...(o.policy !== undefined
      ? { policyFile: readFileOrThrow(o.policy), policyEngine: verifyPolicyEvaluation }
      : {}),
    ...(o.policyInputs !== undefined ? { policyInputs: readFileOrThrow(o.policyInputs) } : {}),
  });
  const exit = r.ok ? EXIT_OK : COULD_NOT_CHECK_CODES.includes(r.code) ? EXIT_ERROR : EXIT_INVALID;
  if (o.json) printJson(jsonReport(r, o));
  else process.stdout.write(humanReport(r, o));
  return exit;
}

/** "chain not checked" whenever a sequence > 1 document was verified with --no-previous. */
function chainNotChecked(r: AttestationResult, o: VerifyOpts): boolean {
  return r.ok
    ? r.chain === 'not-checked'
    : (r.attestation?.sequence ?? 1) > 1 && o.previous === false;
}

function jsonReport(r: AttestationResult, o: VerifyOpts): unknown {
  const a = r.attestation;
  const base = {
    file: o.attestation,
    ...(chainNotChecked(r, o) ? { chain: 'chain not checked' } : r.ok ? { chain: r.chain } : {}),
    ...(a
      ? {
          exchange: a.exchange.id,
          period: a.round.period,
          sequence: a.sequence,
          coverage: a.coverage,
        }
      : {}),
  };
  if (r.ok)
    return {
      ok: true,
      ...base,
      statementSha256: r.statementSha256,
      signers: r.signers,
      checked: r.checked,
    };
  return { ok: false, code: r.code, message: r.message, ...base };
}

function pct(bps: string | null): string {
  if (bps === null) return 'n/a';
  const b = BigInt(bps);
  return `${b / 100n}.${(b % 100n).toString().padStart(2, '0')}%`;
}

function humanReport(r: AttestationResult, o: VerifyOpts): string {
  const a = r.attestation;
  const lines: string[] = [];
  if (r.ok) lines.push(`VALID  ${o.attestation}`);
  else
    lines.push(
      `${COULD_NOT_CHECK_CODES.includes(r.code) ? 'COULD NOT CHECK' : 'INVALID'}  ${o.attestation}`,
      `  ${r.code}: ${r.message}`,
      ...(r.code === 'PREVIOUS_REQUIRED'
        ? ['  give the previous attestation with --previous <file>, or pass --no-previous']
        : [])
    );
  if (!a) return `${lines.join('\n')}\n`;
  lines.push(
    `  ${a.exchange.name} (${a.exchange.id}), period ${a.round.period}, snapshot ${a.round.snapshotTime}`,
    `  sequence ${a.sequence}, issued ${a.issuedAt}, expires ${a.expiresAt}`
  );
  if (r.ok)
    for (const s of r.signers)
      lines.push(
        `  signed by ${s.role.padEnd(8)} ${s.alg.padEnd(15)} ${s.fingerprint.slice(0, 16)}…${s.name ? `  ${s.name}` : ''}`
      );
  lines.push('  coverage (in kind):');
  for (const [i, c] of a.coverage.assets.entries()) {
    const d = a.liabilities.assets[i]!.decimals;
    lines.push(
      `    ${c.asset.padEnd(8)} reserves ${formatUnits(BigInt(c.reserves), d)} vs liabilities ${formatUnits(
        BigInt(c.liabilities),
        d
      )}  ${pct(c.ratioBps)}  ${c.pass ? 'pass' : 'FAIL'}`
    );
  }
  const ov = a.coverage.overall;
  lines.push(
    `  coverage (value, ${ov.currency}): reserves ${ov.reservesValue} ≥ liabilities ${ov.liabilitiesValue} + required reserve ${ov.requiredReserve} = ${ov.required}?  ${pct(ov.ratioBps)}  ${ov.pass ? 'pass' : 'FAIL'}`,
    `  policy ${a.policy.id} ${a.policy.version}: ${a.policy.pass ? 'pass' : 'FAIL'}`,
    `  scope: included ${a.scope.included.map((s) => s.id).join(', ')}; excluded ${
      a.scope.excluded.map((s) => s.id).join(', ') || 'none'
    }`
  );
  if (r.ok)
    lines.push(
      `  checked: root.json ${r.checked.root ? 'yes' : 'no'}, evidence ${r.checked.evidence ? 'yes' : 'no'}, previous ${r.checked.previous ? 'yes' : 'no'}, policy re-run ${r.checked.policy ? 'yes' : 'no'}`
    );
  if (chainNotChecked(r, o))
    lines.push(
      `  chain not checked: sequence ${a.sequence} links to ${a.previousSha256}, which was not given (--no-previous)`
    );
  return `${lines.join('\n')}\n`;
}
