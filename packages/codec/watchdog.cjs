// The watchdog of `@kura/codec/testing`'s SupervisedProcess, a program of its own (run as
// `node watchdog.cjs <command> <args…>`): start the command as a child, forward SIGTERM/SIGINT,
// and kill the child when stdin closes (the parent died, however it ended — exit, Ctrl-C, even
// SIGKILL). Exits with the child.
'use strict';
const { spawn } = require('node:child_process');
const [cmd, ...args] = process.argv.slice(2);
const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 4000).unref();
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code, sig) => process.exit(code ?? (sig ? 1 : 0)));
