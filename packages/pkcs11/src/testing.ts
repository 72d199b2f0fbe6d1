/**
 * SoftHSM2 tokens for tests and the demo: each one in its own temporary directory, selected by
 * `SOFTHSM2_CONF` (a config file of its own), initialised with
 * `softhsm2-util --init-token --free`. Needs the Debian package `softhsm2`
 * (test/setup/install-system-deps.sh installs it).
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where distributions put the SoftHSM2 module. */
const MODULE_PATHS = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
  '/usr/lib64/pkcs11/libsofthsm2.so',
];

/** The SoftHSM2 module file, or undefined when SoftHSM2 is not installed. */
export function softhsmModule(): string | undefined {
  return MODULE_PATHS.find((p) => existsSync(p));
}

/** The mechanisms Kura uses. */
export const KURA_MECHANISMS = [
  'CKM_EC_EDWARDS_KEY_PAIR_GEN',
  'CKM_EDDSA',
  'CKM_EC_KEY_PAIR_GEN',
  'CKM_ECDSA',
  'CKM_GENERIC_SECRET_KEY_GEN',
  'CKM_SHA256_HMAC',
] as const;

/** A SoftHSM2 token in a temporary directory. */
export interface SoftHsmToken {
  readonly dir: string;
  /** The config file: set `SOFTHSM2_CONF` to it in every process that uses the token. */
  readonly conf: string;
  readonly modulePath: string;
  readonly label: string;
  readonly pin: string;
  /** A file holding the PIN (mode 0600). */
  readonly pinFile: string;
  /** `{ SOFTHSM2_CONF }` for child processes. */
  readonly env: Readonly<Record<string, string>>;
  /** A URI naming `object` on this token, PIN from the PIN file. */
  uri(object: string, pinSource?: string): string;
  /** Write another config for the same token directory (e.g. `slots.mechanisms = CKM_ECDSA`). */
  withConfig(extra: string): string;
  /**
   * A config for the same token whose slot offers every mechanism Kura uses except `mech`
   * (SoftHSM 2.6 `slots.mechanisms` takes an allow-list).
   */
  without(mech: string): string;
  /** Delete the token directory. */
  remove(): void;
}

function config(tokendir: string, extra = ''): string {
  return (
    `directories.tokendir = ${tokendir}\nobjectstore.backend = file\nlog.level = ERROR\n` +
    `slots.removable = false\n${extra}\n`
  );
}

/**
 * Create and initialise a SoftHSM2 token labelled `label` with user PIN `pin`; sets
 * `process.env.SOFTHSM2_CONF` to its config unless `setEnv` is false.
 */
export function createSoftHsmToken(
  opts: { label?: string; pin?: string; dir?: string; setEnv?: boolean } = {}
): SoftHsmToken {
  const modulePath = softhsmModule();
  if (modulePath === undefined)
    throw new Error('SoftHSM2 is not installed (run test/setup/install-system-deps.sh)');
  const label = opts.label ?? 'kura';
  const pin = opts.pin ?? '1234';
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'kura-softhsm-'));
  const tokendir = join(dir, 'tokens');
  mkdirSync(tokendir, { recursive: true });
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, config(tokendir));
  const pinFile = join(dir, 'pin.txt');
  writeFileSync(pinFile, `${pin}\n`, { mode: 0o600 });
  execFileSync(
    'softhsm2-util',
    ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', `so-${pin}`],
    { env: { ...process.env, SOFTHSM2_CONF: conf }, stdio: 'pipe' }
  );
  if (opts.setEnv !== false) process.env.SOFTHSM2_CONF = conf;
  let n = 0;
  return {
    dir,
    conf,
    modulePath,
    label,
    pin,
    pinFile,
    env: { SOFTHSM2_CONF: conf },
    uri: (object, pinSource = `file:${pinFile}`) =>
      `pkcs11:token=${encodeURIComponent(label)};object=${encodeURIComponent(object)}` +
      `?module-path=${modulePath}&pin-source=${pinSource}`,
    withConfig: (extra) => {
      const f = join(dir, `softhsm2-${++n}.conf`);
      writeFileSync(f, config(tokendir, extra));
      return f;
    },
    without: (mech) => {
      const f = join(dir, `softhsm2-${++n}.conf`);
      const list = KURA_MECHANISMS.filter((m) => m !== mech);
      writeFileSync(f, config(tokendir, `slots.mechanisms = ${list.join(',')}`));
      return f;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
