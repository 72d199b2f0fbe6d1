/**
 * Load generator for the `kura serve` benchmark, run as its own process (so the server keeps a
 * core to itself): random uids `c<i>` (i < users) over keep-alive connections, `concurrency`
 * requests in flight, until `duration` seconds or `max` requests. The first `warmup` requests
 * are not measured. Every reply must be 200; the first 50 are verified as proofs.
 *
 * usage: node loadgen.mjs <base url> <token> <users> <duration s> <max requests> <concurrency> <warmup>
 * Prints one JSON line: requests, errors, seconds, throughput, latency percentiles (ms).
 * @module
 */
import { Agent, request } from 'node:http';
import { verifyProof } from '@kura/tree';

const [, , base, token, usersArg, durationArg, maxArg, concArg, warmArg] = process.argv;
const users = Number(usersArg);
const durationMs = Number(durationArg) * 1000;
const max = Number(maxArg);
const concurrency = Number(concArg);
const warmup = Number(warmArg);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const headers = { authorization: `Bearer ${token}` };
const url = new URL(base);

let seed = 0x2545f491;
const rnd = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};

let rootCommitment;
function get(path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const health = JSON.parse((await get('/healthz')).body.toString());
rootCommitment = health.rootCommitment;

const lat = new Float64Array(Math.max(1, max));
let issued = 0;
let measured = 0;
let errors = 0;
let verified = 0;
let t0 = 0;
let deadline = Number.POSITIVE_INFINITY;
const statuses = {};

async function worker() {
  for (;;) {
    const n = issued++;
    if (n >= warmup + max) return;
    if (n === warmup) {
      t0 = performance.now();
      deadline = t0 + durationMs;
    }
    if (n > warmup && performance.now() > deadline) return;
    const uid = `c${Math.floor(rnd() * users)}`;
    const s = performance.now();
    const r = await get(`/v1/proof?uid=${encodeURIComponent(uid)}`);
    const ms = performance.now() - s;
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    if (r.status !== 200) errors++;
    else if (verified < 50) {
      const v = verifyProof(JSON.parse(r.body.toString()), { rootCommitment });
      if (!v.ok || v.uid !== uid) throw new Error(`bad proof for ${uid}: ${JSON.stringify(v)}`);
      verified++;
    }
    if (n >= warmup) lat[measured++] = ms;
  }
}

await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - t0) / 1000;
const l = lat.subarray(0, measured).sort();
const pct = (p) => l[Math.min(l.length - 1, Math.floor((p / 100) * l.length))];
agent.destroy();
process.stdout.write(
  `${JSON.stringify({
    requests: measured,
    errors,
    statuses,
    verified,
    seconds: Number(seconds.toFixed(3)),
    throughput: Math.round(measured / seconds),
    p50: Number(pct(50).toFixed(3)),
    p90: Number(pct(90).toFixed(3)),
    p99: Number(pct(99).toFixed(3)),
    max: Number(l[l.length - 1].toFixed(3)),
  })}\n`
);
