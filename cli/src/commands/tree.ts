/**
 * `kura tree build|proof|verify` and `kura keys secret`: the liabilities tree from the command
 * line — protocol v1 (Merkle-sum) and v2 (confidential, `--protocol v2`; SPEC.md §16).
 *
 * Exit codes: 0 done / valid, 1 invalid proof (code and level printed), 2 could not check or
 * bad input (the message names the file, line, column and field).
 * @module
 */
import { InputError } from '@kura/codec';
import { readKuraDocument } from '@kura/codec/node';
import { buildTreeFromSource, readQueryArg } from '@kura/month';
import {
  createSecretFile,
  describeUri,
  generateSecret,
  importSecretFile,
  loadSecret,
  tokenUri,
} from '@kura/pkcs11';
import {
  documentProtocol,
  type MasterSecret,
  type Placement,
  PROOF_VERSION,
  PROOF_VERSION_V2,
  verifyProof,
  verifyProofDocumentV2,
} from '@kura/tree';
import {
  expectTreeStore,
  exportProofs,
  isTreeStoreV2,
  readAssetsFile,
  readAssetsV2File,
  readRootV2File,
  readRoundFile,
  TreeStore,
  TreeStoreV2,
} from '@kura/tree/node';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { action, EXIT_INVALID, EXIT_OK, printJson, progress } from '../util.js';

/**
 * A `--tree <dir>` option (kura tree proof, kura serve): refuse, before the secret is read or a
 * port opened, anything but a tree store (exit 2, named by its version) — `@kura/tree/node`.
 */
export { expectTreeStore };

/**
 * Read the master secret of a `--secret` argument: a file of 64 lowercase hex characters, or a
 * `pkcs11:` URI naming a generic secret in a token (see keysource.ts).
 */
export function readSecret(arg: string): MasterSecret {
  return loadSecret(arg);
}

function intArg(name: string, min: number, max: number) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
      throw new InvalidArgumentError(`${name} must be an integer ${min} … ${max}`);
    return Number(v);
  };
}

const PROOF_DOCUMENT = { versions: [PROOF_VERSION, PROOF_VERSION_V2], what: 'an inclusion proof' };

/** Register `kura tree …`. */
export function registerTree(parent: Command): void {
  const tree = parent
    .command('tree')
    .description('the liabilities Merkle-sum tree: build, extract proofs, verify proofs');

  tree
    .command('build')
    .description('build the tree store and <out>/root.json from customer balances')
    .option('--input <file>', 'customer balances: CSV (uid,<SYMBOL>,…) or JSON Lines')
    .option(
      '--from-postgres <url>',
      'read balances from PostgreSQL instead (server-side cursor; password from PGPASSWORD or ~/.pgpass)'
    )
    .option('--query <sql|@file>', 'with --from-postgres: the SQL, or @file holding it')
    .addOption(
      new Option('--form <form>', 'with --from-postgres: long (uid, asset, amount) or wide')
        .choices(['auto', 'long', 'wide'])
        .default('auto')
    )
    .requiredOption('--assets <file>', 'asset list (JSON)')
    .requiredOption('--round <file>', 'round object (JSON)')
    .requiredOption('--secret <file|uri>', 'master secret: file (64 hex) or pkcs11: URI')
    .requiredOption('--out <dir>', 'tree store directory to write (replaced atomically)')
    .addOption(
      new Option('--placement <mode>', 'leaf placement')
        .choices(['dense', 'sparse'])
        .default('dense')
    )
    .option(
      '--height <n>',
      'tree height (dense default ⌈log2 n⌉, sparse default 32)',
      intArg('--height', 1, 32)
    )
    .option(
      '--workers <n>',
      'worker threads (default: all cores; 0 = none)',
      intArg('--workers', 0, 256)
    )
    .addOption(
      new Option('--protocol <version>', 'v1 (Merkle-sum) or v2 (confidential: hidden sums)')
        .choices(['v1', 'v2'])
        .default('v1')
    )
    .option('--json', 'print root.json as JSON')
    .action(
      action(
        async (o: {
          input?: string;
          fromPostgres?: string;
          query?: string;
          form: 'auto' | 'long' | 'wide';
          assets: string;
          round: string;
          secret: string;
          out: string;
          placement: Placement;
          height?: number;
          workers?: number;
          protocol: 'v1' | 'v2';
          json?: boolean;
        }) => {
          const v2 = o.protocol === 'v2';
          const assets = v2 ? readAssetsV2File(o.assets) : readAssetsFile(o.assets);
          const round = readRoundFile(o.round);
          const masterSecret = readSecret(o.secret);
          if ((o.input === undefined) === (o.fromPostgres === undefined))
            throw new InputError('give exactly one of --input <file> and --from-postgres <url>', {
              field: '--input',
            });
          if (o.fromPostgres !== undefined && o.query === undefined)
            throw new InputError('--from-postgres needs --query <sql|@file>', { field: '--query' });
          const pgBar = progress('kura tree build: reading PostgreSQL');
          const bar = progress('kura tree build');
          // Ctrl-C / SIGTERM: the library removes its temporary directory, the CLI exits
          const stop = new AbortController();
          const onSignal = (sig: NodeJS.Signals) => {
            stop.abort(new Error(`${sig}: build stopped`));
            process.exit(sig === 'SIGINT' ? 130 : 143);
          };
          process.once('SIGINT', onSignal);
          process.once('SIGTERM', onSignal);
          const r = await buildTreeFromSource({
            source:
              o.fromPostgres !== undefined
                ? {
                    kind: 'postgres',
                    url: o.fromPostgres,
                    query: readQueryArg(o.query!),
                    form: o.form,
                  }
                : { kind: 'file', file: o.input ?? '' },
            protocol: v2 ? 2 : 1,
            round,
            assets,
            masterSecret,
            out: o.out,
            placement: o.placement,
            height: o.height,
            workers: o.workers,
            signal: stop.signal,
            onExportRows: (rows) => pgBar.update(rows),
            onExported: (exp) => pgBar.finish(`${exp.rows.toLocaleString('en-US')} rows`),
            onProgress: (phase, done, total) => {
              if (phase === (v2 ? 'segments' : 'read')) bar.update(done, total);
            },
          }).finally(() => {
            process.removeListener('SIGINT', onSignal);
            process.removeListener('SIGTERM', onSignal);
          });
          bar.finish(`${r.users.toLocaleString('en-US')} users`);
          if (o.json) printJson(r.root);
          else {
            process.stdout.write(
              [
                `tree written to ${r.dir}`,
                `users:          ${r.users}`,
                `placement:      ${r.root.placement}, height ${r.root.height}`,
                ...r.root.assets.map((a, i) =>
                  'treeDecimals' in a
                    ? `total ${a.symbol.padEnd(8)} ${r.root.totals[i]} tree units (10^-${a.treeDecimals} ${a.symbol})`
                    : `total ${a.symbol.padEnd(8)} ${r.root.totals[i]} base units`
                ),
                `rootCommitment: ${r.root.rootCommitment}`,
                '',
              ].join('\n')
            );
          }
          return EXIT_OK;
        }
      )
    );

  tree
    .command('proof')
    .description("print one user's inclusion proof, or write every user's proof")
    .requiredOption('--tree <dir>', 'tree store directory')
    .requiredOption('--secret <file|uri>', 'master secret: file (64 hex) or pkcs11: URI')
    .option('--uid <uid>', 'the user whose proof to print (JSON on stdout)')
    .option('--all', 'write every proof (JSON Lines shards) into --out')
    .option('--out <dir>', 'directory for --all')
    .action(
      action(
        async (o: { tree: string; secret: string; uid?: string; all?: boolean; out?: string }) => {
          if ((o.uid === undefined) === (o.all === undefined))
            throw new InputError('give exactly one of --uid <uid> or --all', { field: '--uid' });
          if (o.all && !o.out) throw new InputError('--all needs --out <dir>', { field: '--out' });
          expectTreeStore(o.tree);
          const secret = readSecret(o.secret);
          const store = isTreeStoreV2(o.tree)
            ? TreeStoreV2.open(o.tree, secret)
            : TreeStore.open(o.tree, secret);
          try {
            if (o.uid !== undefined) {
              printJson(store.proof(o.uid));
              return EXIT_OK;
            }
            if (store instanceof TreeStoreV2)
              process.stderr.write(
                'protocol v2: every proof costs one range proof (seconds each); for many customers serve them on demand (kura serve)\n'
              );
            const bar = progress('kura tree proof --all');
            const r = exportProofs(store, o.out!, { onProgress: (d, t) => bar.update(d, t) });
            bar.finish(`${r.proofs} proofs`);
            process.stderr.write(`wrote ${r.proofs} proofs to ${r.dir}\n`);
            return EXIT_OK;
          } finally {
            store.close();
          }
        }
      )
    );

  tree
    .command('verify')
    .description('verify an inclusion proof: exit 0 valid, 1 invalid, 2 could not check')
    .requiredOption('--proof <file>', 'proof (kura-proof/1 or kura-proof/2 JSON)')
    .option('--root-commitment <hex>', 'the attested root commitment (64 hex)')
    .option(
      '--root <file>',
      'v2: the attested root file (kura-root/2) instead of --root-commitment'
    )
    .option('--round <file>', 'the attested round (JSON): a proof of another round fails')
    .option('--assets <file>', 'the attested asset list (JSON): another list fails')
    .option('--json', 'machine-readable result')
    .action(
      action(
        (o: {
          proof: string;
          rootCommitment?: string;
          root?: string;
          round?: string;
          assets?: string;
          json?: boolean;
        }) => {
          if ((o.rootCommitment === undefined) === (o.root === undefined))
            throw new InputError('give exactly one of --root-commitment <hex> and --root <file>', {
              field: '--root-commitment',
            });
          if (o.rootCommitment !== undefined && !/^[0-9a-f]{64}$/.test(o.rootCommitment))
            throw new InputError('expected 64 hex characters', {
              field: '--root-commitment',
            });
          const round = o.round === undefined ? undefined : readRoundFile(o.round);
          const doc = readKuraDocument(o.proof, PROOF_DOCUMENT);
          // the proof's version decides the protocol; a malformed proof is a verdict (exit 1)
          if (!('invalid' in doc) && documentProtocol(doc.value) === 2) {
            const root = o.root !== undefined ? readRootV2File(o.root) : o.rootCommitment;
            const assets = o.assets === undefined ? undefined : readAssetsV2File(o.assets);
            return report(
              verifyProofDocumentV2(doc.value, root, {
                ...(round ? { round } : {}),
                ...(assets ? { assets } : {}),
              }),
              o.json
            );
          }
          if ('invalid' in doc) return report(doc.invalid, o.json);
          if (o.root !== undefined)
            throw new InputError('--root is for kura-proof/2; give --root-commitment', {
              field: '--root',
            });
          const expected = {
            rootCommitment: o.rootCommitment!,
            round,
            assets: o.assets === undefined ? undefined : readAssetsFile(o.assets),
          };
          return report(verifyProof(doc.value, expected), o.json);
        }
      )
    );
}

function report(
  r:
    | { ok: true; uid: string; position: number; rootCommitment: string; protocol?: 2 }
    | { ok: false; code: string; message: string; level?: number },
  json: boolean | undefined
): number {
  if (json) printJson(r);
  else if (r.ok)
    process.stdout.write(
      `VALID: uid "${r.uid}" at position ${r.position} is in the tree ${r.rootCommitment}\n` +
        (r.protocol === 2
          ? 'protocol v2: every other amount on the path is hidden; the range proof shows none is negative\n'
          : '')
    );
  else
    process.stdout.write(
      `INVALID: ${r.code}${r.level === undefined ? '' : ` at level ${r.level}`}: ${r.message}\n`
    );
  return r.ok ? EXIT_OK : EXIT_INVALID;
}

/** `kura keys secret --out <file>`: a fresh 32-byte master secret, mode 0600, never overwritten. */
export function registerKeysSecret(keys: Command): void {
  keys
    .command('secret')
    .description(
      'create a fresh 32-byte master secret: a file (64 hex, mode 0600) or a generic secret in a PKCS#11 token'
    )
    .option('--out <file>', 'file to create (refuses to overwrite)')
    .option(
      '--pkcs11 <uri>',
      'create it inside this token instead (pkcs11:token=…;object=…?module-path=…&pin-source=…)'
    )
    .option(
      '--import <file>',
      'with --pkcs11: move this existing secret file into the token (same trees, same proof ids)'
    )
    .action(
      action((o: { out?: string; pkcs11?: string; import?: string }) => {
        if ((o.out === undefined) === (o.pkcs11 === undefined))
          throw new InputError('give exactly one of --out <file> or --pkcs11 <uri>', {
            field: '--out',
          });
        if (o.pkcs11 !== undefined) {
          const uri = tokenUri(o.pkcs11, '--pkcs11');
          if (o.import !== undefined) importSecretFile(uri, o.import, '--import');
          else generateSecret(uri);
          process.stderr.write(
            `${o.import !== undefined ? 'imported the master secret into' : 'created a new master secret in'} ` +
              `${describeUri(uri)} (generic secret, sensitive, not extractable)\n`
          );
          return EXIT_OK;
        }
        if (o.import !== undefined)
          throw new InputError('--import needs --pkcs11 <uri>', { field: '--import' });
        const out = o.out!;
        createSecretFile(out);
        process.stderr.write(`wrote a new master secret to ${out} (mode 0600); keep it safe\n`);
        return EXIT_OK;
      })
    );
}
