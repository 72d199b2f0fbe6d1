#!/usr/bin/env node
// The `kura` command. This file is committed (not built) so that npm links `kura` at install
// time, before `cli/dist` exists, and so that a rebuild never resets its executable mode.
try {
  await import('../dist/main.js');
} catch (e) {
  const missing =
    e !== null &&
    typeof e === 'object' &&
    e.code === 'ERR_MODULE_NOT_FOUND' &&
    String(e.message).includes('dist/main.js');
  if (!missing) throw e;
  process.stderr.write('kura: not built yet: run `npm run build` (or `npm run demo`) first\n');
  process.exitCode = 2;
}
