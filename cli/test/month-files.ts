/**
 * Test helper: the key files a `kura run` configuration names — the master secret
 * (`secret.hex`), the exchange's signing key (`exchange.key`, a fresh Ed25519 key file) and the
 * trust file pinning it for role "exchange" (`trust.json`) — written into a directory.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePrivateKey, makeKeyFile, publicKeyOf, trustEntry } from '@kura/attest';

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** Write `secret.hex` (`secretHex`, mode 0600), `exchange.key` (mode 0600) and `trust.json`. */
export function writeExchangeKeyFiles(dir: string, secretHex: string): void {
  writeFileSync(join(dir, 'secret.hex'), `${secretHex}\n`, { mode: 0o600 });
  const priv = generatePrivateKey('ed25519');
  writeFileSync(join(dir, 'exchange.key'), json(makeKeyFile('ed25519', priv)), { mode: 0o600 });
  writeFileSync(
    join(dir, 'trust.json'),
    json({
      version: 'kura-trust/1',
      keys: [trustEntry('ed25519', publicKeyOf('ed25519', priv), { role: 'exchange', name: 'X' })],
    })
  );
}
