#!/usr/bin/env node
/**
 * `npm run demo` — Kura end to end with no configuration at all (the command: its options,
 * printing and exit codes; the demo itself is `@kura/demo`): local bcoin regtest and anvil
 * nodes, a synthetic exchange of 100,000 customers holding BTC, ETH and a USDC-style token,
 * funded cold / hot / own wallets with ownership proofs, the month run under JP-FSA-2026 by the
 * code of `kura run`, a demo auditor's counter-signature, a summary table, and the publication
 * served on 127.0.0.1 with the web verifier.
 *
 * Without a terminal (stdin or stdout not a TTY) or with `--no-serve` it exits after printing.
 * The nodes are stopped on exit, on Ctrl-C and on SIGTERM (and die with this process anyway:
 * `@kura/codec/testing`'s watchdog).
 * @module
 */
import { join, relative, resolve } from 'node:path';
import {
  DEMO_FILES,
  type DemoHandle,
  demoAudit,
  killAllNodesNow,
  prepareDemoDir,
  runDemoMonth,
  type StaticServer,
  sampleBalances,
  serveDirectory,
  setupDemo,
  stopAllNodes,
  tryCommands,
  VERIFIER_PATH,
} from '@kura/demo';
import { proofPath, type RunSummary, stepLines, summaryLines } from '@kura/month';
import { Command, InvalidArgumentError } from 'commander';
import { printJson, progress, reportError } from '../util.js';

interface Opts {
  customers: number;
  dir: string;
  postgres?: string;
  serve: boolean;
  port: number;
  seed: number;
  json?: boolean;
  hsm?: boolean;
  keepNodes?: boolean;
  protocol: number;
}

const int = (name: string, min: number, max: number) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
    throw new InvalidArgumentError(`${name} must be an integer ${min} … ${max}`);
  return Number(v);
};

const program = new Command('kura-demo')
  .description('Kura end to end on local nodes: a synthetic exchange proves its reserves')
  .option(
    '--customers <n>',
    'number of synthetic customers',
    int('--customers', 1, 10_000_000),
    100_000
  )
  .option('--dir <dir>', 'demo directory (replaced on each run)', '.kura-demo')
  .option(
    '--postgres <url>',
    'load the customers into this PostgreSQL database and read them from it'
  )
  .option('--no-serve', 'exit after printing instead of serving the publication')
  .option(
    '--port <n>',
    'port of the publication server (default: a free port)',
    int('--port', 0, 65535),
    0
  )
  .option('--seed <n>', 'seed of the synthetic customers', int('--seed', 0, 2 ** 31 - 1), 2026)
  .option('--json', 'print a JSON summary on stdout (implies --no-serve)')
  .option(
    '--hsm',
    'keep the master secret and both signing keys in a SoftHSM2 token created for the demo'
  )
  .option(
    '--protocol <n>',
    'liabilities protocol of the month: 1, or 2 (confidential: commitments, range proofs on demand)',
    int('--protocol', 1, 2),
    1
  )
  .option(
    '--keep-nodes',
    'keep bcoin and anvil running after the month and print the kura commands to try on them (Ctrl-C stops them)'
  )
  .exitOverride();

let server: StaticServer | undefined;
let exiting: Promise<never> | undefined;

/** Close the server, stop the nodes, exit with `code` — once (later callers wait for it). */
function shutdown(code: number): Promise<never> {
  exiting ??= (async () => {
    await server?.close().catch(() => undefined);
    await stopAllNodes().catch(() => undefined);
    process.exit(code);
  })();
  return exiting;
}

process.on('SIGINT', () => {
  process.stderr.write('\nstopping…\n');
  void shutdown(130);
});
process.on('SIGTERM', () => void shutdown(143));
process.on('exit', () => killAllNodesNow());
process.on('unhandledRejection', (e) => {
  if (exiting) return; // a call to a node that is being stopped
  reportError(e);
  void shutdown(2);
});

async function main(): Promise<void> {
  try {
    program.parse(process.argv);
  } catch {
    process.exit(2);
  }
  const o = program.opts<Opts>();
  const t0 = performance.now();
  const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const out = (s = '') => (o.json ? process.stderr : process.stdout).write(`${s}\n`);
  const dir = resolve(o.dir);
  const cleanup = prepareDemoDir(dir);
  out(
    `Kura demo — ${o.customers.toLocaleString('en-US')} synthetic customers${o.protocol === 2 ? ', protocol 2 (confidential)' : ''}, directory ${relative(process.cwd(), dir) || '.'}`
  );
  const handle: DemoHandle = await setupDemo({
    dir,
    customers: o.customers,
    seed: o.seed,
    ...(o.postgres ? { postgres: o.postgres } : {}),
    ...(o.hsm ? { hsm: true } : {}),
    ...(o.protocol === 2 ? { protocol: 2 as const } : {}),
    log: (l) => out(`  ${l}`),
  });
  out(
    `  exchange ready (${elapsed()}); running the month (npx kura run --config ${relative(process.cwd(), handle.config)})`
  );
  const summary: RunSummary = await runDemoMonth(handle, { progress });
  out(stepLines(summary.steps).join('\n'));
  const audit = await demoAudit(handle, summary.publication);
  out(
    `  kura audit passed and counter-signed (${elapsed()}): tree recomputed, reserves re-verified, sample drawn; report ${relative(process.cwd(), join(audit.report, 'audit-report.html'))}`
  );
  if (!o.keepNodes) await handle.stop();
  const total = elapsed();
  const tries = o.keepNodes ? tryCommands(handle, summary.publication, audit.beaconHeight) : [];

  const sample = summary.sampleProof;
  const balances = sampleBalances(summary);
  if (o.json) {
    await cleanup;
    printJson({
      ok: true,
      seconds: Number(total.replace(' s', '')),
      nodes: { bcoin: handle.bcoin.pid, anvil: handle.anvil.pid },
      ...summary,
      ...(o.keepNodes ? { try: tries } : {}),
    });
    if (o.keepNodes) return keepRunning();
    return shutdown(summary.pass ? 0 : 1);
  }
  out();
  out(summaryLines(summary).join('\n'));
  out();
  out(`publication: ${relative(process.cwd(), summary.publication)}  (SHA256SUMS inside)`);
  out(
    `sample customer: uid "${sample.uid}", balances ${balances.join(' / ')} (base units, ${summary.assets.map((a) => a.asset).join(' / ')})`
  );
  out(`  proof:  ${relative(process.cwd(), join(summary.publication, sample.file))}`);
  out(
    `  verify: npx kura tree verify --proof ${relative(process.cwd(), join(summary.publication, sample.file))} --root-commitment ${summary.rootCommitment}`
  );
  out(
    `  the exchange's private index (uid → proof file): ${relative(process.cwd(), join(handle.dir, DEMO_FILES.workDir, 'proofs', 'index.jsonl'))}`
  );
  if (o.protocol === 2)
    out(
      `  protocol 2: no sibling amount in any proof; every other customer's proof is made on demand: npx kura serve --config ${relative(process.cwd(), handle.config)} --token-file <a 0600 token file>`
    );
  if (handle.keys.softhsmConf !== undefined)
    out(
      `keys in the SoftHSM2 token (export SOFTHSM2_CONF=${relative(process.cwd(), handle.keys.softhsmConf)} to use them):\n` +
        `  master secret: ${handle.keys.masterSecret}\n  exchange key:  ${handle.keys.exchange}\n  auditor key:   ${handle.keys.auditor}`
    );
  if (o.keepNodes) {
    out(`demo finished in ${total}; bcoin and anvil keep running. Try (from this directory):`);
    for (const t of tries) out(`  # ${t.title}\n  ${t.command}`);
    out('Ctrl-C stops the nodes.');
  } else out(`demo finished in ${total}; nodes stopped.`);
  const tty = process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (!o.serve || !tty) {
    await cleanup;
    if (o.keepNodes) return keepRunning();
    return shutdown(summary.pass ? 0 : 1);
  }

  server = await serveDirectory(summary.publication, o.port);
  out();
  out(`Web verifier: ${server.url}${VERIFIER_PATH}`);
  out(
    `  the sample customer's own link: ${server.url}${VERIFIER_PATH}&proof=/${proofPath(sample.file.slice(7, 71))}`
  );
  out(`  (or drop in the proof file: ${server.url}/${proofPath(sample.file.slice(7, 71))})`);
  out(`  (single-file verifier: ${server.url}/verifier/kura-verifier.html)`);
  out('Serving on 127.0.0.1 — press Ctrl-C to stop.');
}

/** With --keep-nodes and nothing to serve: stay up (the nodes live as long as this process). */
function keepRunning(): Promise<void> {
  return new Promise(() => {
    setInterval(() => undefined, 1 << 30);
  });
}

main().catch(async (e) => {
  if (exiting) return; // interrupted: the pipeline failed because its nodes were stopped
  reportError(e);
  await shutdown(2);
});
