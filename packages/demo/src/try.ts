/**
 * `npm run demo -- --keep-nodes`: the commands to try on the demo's files while its bcoin and
 * anvil nodes keep running — collect and verify the reserves by hand, re-run the month, audit
 * it. Each is printed exactly as it runs (from the current directory, through `npx kura`), and
 * the end-to-end test runs them as printed.
 * @module
 */
import { join, relative } from 'node:path';
import { PUBLICATION, readConfig } from '@kura/month';
import { BTC_CONFIRMATIONS, DEMO_FILES, ETH_CONFIRMATIONS } from './exchange.js';
import type { DemoHandle } from './pipeline.js';

/** Quote one shell word (POSIX sh) only when it needs it. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** One command line: `npx kura` and the arguments, quoted for a POSIX shell. */
function line(args: readonly string[]): string {
  return ['npx', 'kura', ...args].map(shellWord).join(' ');
}

/** The titled commands to try with the nodes still running, relative to `cwd`. */
export function tryCommands(
  h: DemoHandle,
  publication: string,
  beaconHeight: number,
  cwd: string = process.cwd()
): { title: string; command: string }[] {
  const rel = (p: string) => relative(cwd, p) || '.';
  const f = (name: string) => rel(join(h.dir, name));
  // a key file (relative) or a pkcs11: URI (--hsm) as it is
  const key = (k: string) => (k.startsWith('pkcs11:') ? k : rel(k));
  const cfg = readConfig(h.config);
  const root = rel(join(publication, PUBLICATION.root));
  const tryDir = join(h.dir, 'try');
  const t = (name: string) => rel(join(tryDir, name));
  const btc = cfg.bitcoin;
  const eth = cfg.ethereum?.[0];
  // the demo's contract wallet is not a Safe: the exchange declares its code hash, the
  // verifier and the auditor accept it explicitly (README: contract wallets)
  const walletCodes = (cfg.ethereum ?? []).flatMap((e) => e.walletCodeHashes);
  const declare = walletCodes.flatMap((c) => ['--wallet-code', c]);
  const accept = walletCodes.flatMap((c) => ['--accept-wallet-code', c]);
  const out: { title: string; command: string }[] = [];
  if (btc) {
    out.push({
      title: 'collect the Bitcoin reserves at the snapshot block (checks every ownership proof)',
      command: line([
        ...['reserves', 'btc', 'collect', '--bcoin', h.bcoin.authUrl],
        ...(btc.addresses ? ['--addresses', rel(btc.addresses)] : []),
        ...(btc.descriptors ? ['--descriptors', rel(btc.descriptors)] : []),
        ...['--signatures', rel(btc.signatures), '--height', String(btc.height)],
        ...['--round', root, '--confirmations', String(BTC_CONFIRMATIONS)],
        ...['--out', t('btc-evidence.json')],
      ]),
    });
    out.push({
      title: 'verify it against the node, as a customer or auditor would',
      command: line([
        ...['reserves', 'btc', 'verify', '--evidence', t('btc-evidence.json')],
        ...['--bcoin', h.bcoin.authUrl, '--confirmations', String(BTC_CONFIRMATIONS)],
      ]),
    });
  }
  if (eth) {
    out.push({
      title: 'collect the Ethereum reserves (ETH and the token, with state proofs)',
      command: line([
        ...['reserves', 'eth', 'collect', '--rpc', h.anvil.url, '--block', eth.block],
        ...['--addresses', rel(eth.addresses), '--signatures', rel(eth.signatures)],
        ...['--assets', rel(eth.assetTable), '--round', root],
        ...['--confirmations', String(ETH_CONFIRMATIONS), '--out', t('eth-evidence.json')],
        ...declare,
      ]),
    });
    out.push({
      title: 'verify it',
      command: line([
        ...['reserves', 'eth', 'verify', '--evidence', t('eth-evidence.json')],
        ...['--rpc', h.anvil.url, '--assets', rel(eth.assetTable)],
        ...['--confirmations', String(ETH_CONFIRMATIONS)],
        ...accept,
      ]),
    });
  }
  out.push({
    title: 'run the whole month again from scratch (every step redone)',
    command: line(['run', '--config', rel(h.config), '--force']),
  });
  const liabilities =
    cfg.liabilities.kind === 'file'
      ? ['--liabilities', rel(cfg.liabilities.file)]
      : [
          ...['--liabilities', cfg.liabilities.url, '--query', cfg.liabilities.query],
          ...['--form', cfg.liabilities.form],
        ];
  out.push({
    title: 'audit the new month as the auditor: recompute everything, counter-sign if it passes',
    command: line([
      ...['audit', '--publication', rel(publication), '--secret', key(h.keys.masterSecret)],
      ...liabilities,
      ...['--btc-bcoin', h.bcoin.authUrl, '--btc-confirmations', String(BTC_CONFIRMATIONS)],
      // the demo's Litecoin chain and XRP Ledger (recorded-reply endpoints)
      ...['--btc-rpc', h.replays.ltc.url, '--xrp-rpc', h.replays.xrpl.url],
      ...['--eth-rpc', h.anvil.url, '--eth-assets', f(DEMO_FILES.ethAssets)],
      ...['--eth-confirmations', String(ETH_CONFIRMATIONS)],
      ...accept,
      ...['--key', key(h.keys.auditor), '--trust', f(DEMO_FILES.trust)],
      // a block the demo mined after the month was issued (the exchange could not know it)
      ...['--beacon-min-height', String(beaconHeight)],
      ...['--out', t('audit')],
    ]),
  });
  return out;
}
