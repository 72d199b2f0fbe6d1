/**
 * `kura keys pub --key <file|pkcs11:…> --out <file>` — write the public key file of an existing
 * key: a key file, or a key pair already in a token (made by `kura keys gen --pkcs11` or by the
 * HSM's own tools). The file is exactly what `kura keys gen` writes beside a key
 * (`<file>.pub.json`: the trust entry `{role?, alg, publicKey, fingerprint, name?}`), so trust
 * files are built from token keys the same way as from file keys.
 * @module
 */
import { existsSync } from 'node:fs';
import { checkPublicKey, ROLES, type Role, trustEntry } from '@kura/attest';
import { InputError } from '@kura/codec';
import { writeFileAtomic } from '@kura/codec/node';
import {
  describeUri,
  isPkcs11Uri,
  loadSigningKey,
  parsePkcs11Uri,
  readPublicKey,
  tokenUri,
} from '@kura/pkcs11';
import { type Command, Option } from 'commander';
import { action, EXIT_OK, printJson } from '../util.js';

export function registerKeysPub(keys: Command): void {
  keys
    .command('pub')
    .description(
      'write the public key file (trust entry) of a key file or a key in a PKCS#11 token'
    )
    .requiredOption('--key <file|uri>', 'private key file or pkcs11: URI of a key pair')
    .requiredOption('--out <file>', 'public key file to create (refuses to overwrite)')
    .addOption(new Option('--role <role>', 'role for the trust entry').choices([...ROLES]))
    .option('--name <name>', 'name for the trust entry')
    .option('--json', 'print JSON')
    .action(
      action((o: { key: string; out: string; role?: Role; name?: string; json?: boolean }) => {
        if (existsSync(o.out))
          throw new InputError('file exists; refusing to overwrite', { file: o.out });
        const k = isPkcs11Uri(o.key)
          ? readPublicKey(tokenUri(o.key, '--key'))
          : (() => {
              const l = loadSigningKey(o.key);
              return { alg: l.alg, publicKey: l.publicKey };
            })();
        const ok = checkPublicKey(k.alg, k.publicKey);
        if (!ok.ok)
          throw new InputError(`the key's public key is not one Kura pins (${ok.code})`, {
            field: '--key',
          });
        const entry = trustEntry(k.alg, k.publicKey, {
          ...(o.role ? { role: o.role } : {}),
          ...(o.name ? { name: o.name } : {}),
        });
        writeFileAtomic(o.out, `${JSON.stringify(entry, null, 2)}\n`, { exclusive: true });
        if (o.json) printJson({ ...entry, out: o.out });
        else
          process.stdout.write(
            `algorithm:   ${entry.alg}\npublic key:  ${entry.publicKey}\nfingerprint: ${entry.fingerprint}\n` +
              `trust entry: ${o.out}${isPkcs11Uri(o.key) ? ` (from ${describeUri(parsePkcs11Uri(o.key))})` : ''}\n`
          );
        return EXIT_OK;
      })
    );
}
