/**
 * `kura trust --exchange <pub.json> … --auditor <pub.json> … --out trust.json`: build the trust
 * file `kura-trust/1` that verifiers pin, from public-key files — the `<key>.pub.json` written by
 * `kura keys gen` (and, in the same format, by HSM / token key set-up): `{alg, publicKey,
 * fingerprint}` with optional `role`, `name`, `validFrom`, `validUntil`.
 *
 * Every key is checked as a verifier would (`parseTrust` of `@kura/attest`: a valid point, the
 * fingerprint recomputed, one role per key, no key twice); an error names the file. An existing
 * output is replaced only with `--force`.
 * @module
 */
import { buildTrustFile, type Role, TRUST_VERSION, trustEntryFromKeyFile } from '@kura/attest';
import { InputError, readJson } from '@kura/codec';
import { readFileOrThrow, writeFileAtomic } from '@kura/codec/node';
import type { Command } from 'commander';
import { guardOutput } from '../convention.js';
import { action, EXIT_OK, printJson, repeatable } from '../util.js';

interface TrustOpts {
  exchange?: string[];
  auditor?: string[];
  key?: string[];
  out: string;
  force?: boolean;
  json?: boolean;
}

/** Register `kura trust`. */
export function registerTrust(program: Command): void {
  program
    .command('trust')
    .description(
      'build trust.json (kura-trust/1) from public-key files (<key>.pub.json of kura keys gen)'
    )
    .option(
      '--exchange <pub.json>',
      "an exchange signing key's public-key file (repeat)",
      repeatable
    )
    .option('--auditor <pub.json>', "an auditor's public-key file (repeat)", repeatable)
    .option('--key <pub.json>', 'a public-key file that names its own role (repeat)', repeatable)
    .requiredOption('--out <file>', 'trust file to write')
    .option('--force', 'replace --out if it exists')
    .option('--json', 'print the trust file as JSON')
    .action(
      action((o: TrustOpts) => {
        const files: [string, Role | undefined][] = [
          ...(o.exchange ?? []).map((f): [string, Role] => [f, 'exchange']),
          ...(o.auditor ?? []).map((f): [string, Role] => [f, 'auditor']),
          ...(o.key ?? []).map((f): [string, undefined] => [f, undefined]),
        ];
        if (files.length === 0)
          throw new InputError('give at least one --exchange, --auditor or --key file', {
            field: '--exchange',
          });
        guardOutput(o.out, o.force === true, { always: true });
        const keys = files.map(([f, r]) =>
          readJson(readFileOrThrow(f), (v) => trustEntryFromKeyFile(v, f, r), { file: f })
        );
        // one role per key, no duplicates
        const trust = buildTrustFile(
          keys,
          files.map(([f]) => f)
        );
        const text = `${JSON.stringify({ version: TRUST_VERSION, keys }, null, 2)}\n`;
        writeFileAtomic(o.out, text);
        if (o.json) printJson({ ok: true, out: o.out, ...trust });
        else {
          process.stdout.write(`wrote ${o.out}: ${trust.keys.length} key(s)\n`);
          for (const k of trust.keys)
            process.stdout.write(
              `  ${k.role.padEnd(8)} ${k.alg.padEnd(16)} ${k.fingerprint}${k.name ? `  ${k.name}` : ''}\n`
            );
        }
        return EXIT_OK;
      })
    );
}
