#!/usr/bin/env node
/**
 * Post-build: fold the Vite output (`dist/index.html` + one JS chunk + one CSS file) into one
 * `dist/kura-verifier.html`, pin the inlined script and style by hash in its
 * Content-Security-Policy (so no other inline code can run), enforce the JavaScript budget and
 * print the file's SHA-256 — the value the README tells customers to compare. The lazily loaded
 * verifier chunks (`dist/kura-<name>-<hash>.js`) stay next to it; the inlined script pins each
 * by SHA-256 (`src/lazy.ts`), so the file hash still covers every line of code the page runs.
 *
 * Usage: node scripts/inline.mjs [distDir]
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Budget from issue 8: at most 80 KB of gzipped JavaScript downloaded by a customer — the
 * initial script plus the one lazily loaded chunk their proof needs (issue 18).
 */
const JS_GZIP_BUDGET = 80 * 1024;

const dist = resolve(process.argv[2] ?? 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');

const scriptRe = /<script type="module" crossorigin src="\.\/(assets\/[^"]+\.js)"><\/script>/g;
const styleRe = /<link rel="stylesheet" crossorigin href="\.\/(assets\/[^"]+\.css)">/g;
const scripts = [...html.matchAll(scriptRe)];
const styles = [...html.matchAll(styleRe)];
if (scripts.length !== 1 || styles.length !== 1) {
  console.error(
    `inline: expected exactly one script and one stylesheet in dist/index.html, found ${scripts.length} and ${styles.length}`
  );
  process.exit(1);
}
const js = readFileSync(join(dist, scripts[0][1]), 'utf8');
const css = readFileSync(join(dist, styles[0][1]), 'utf8');
// An inlined script must not close its own element; refuse rather than rewrite the code.
if (/<\/script/i.test(js) || /<!--/.test(js)) {
  console.error('inline: the JS bundle contains "</script" or "<!--"; cannot inline it safely');
  process.exit(1);
}
if (/<\/style/i.test(css)) {
  console.error('inline: the CSS contains "</style"; cannot inline it safely');
  process.exit(1);
}

const cspHash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const cspRe = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/;
const csp = cspRe.exec(html);
if (!csp) {
  console.error('inline: no Content-Security-Policy meta tag in dist/index.html');
  process.exit(1);
}
const policy = csp[2]
  .replace("script-src 'self'", `script-src ${cspHash(js)}`)
  .replace("style-src 'self'", `style-src ${cspHash(css)}`);
if (policy.includes("script-src 'self'") || !policy.includes("script-src 'sha256-")) {
  console.error('inline: could not pin the script in the CSP');
  process.exit(1);
}

// Functions as replacers: `$` sequences in the code must not be interpreted.
const single = html
  .replace(cspRe, (_m, a, _b, c) => `${a}${policy}${c}`)
  .replace(scripts[0][0], () => `<script type="module">${js}</script>`)
  .replace(styles[0][0], () => `<style>${css}</style>`);
const out = join(dist, 'kura-verifier.html');
writeFileSync(out, single);

const sha = createHash('sha256').update(single).digest('hex');
const gz = gzipSync(Buffer.from(js, 'utf8'), { level: 9 }).length;
const chunks = readdirSync(dist)
  .filter((f) => /^kura-[a-z0-9]+-[0-9a-f]{12}\.js$/.test(f))
  .map((f) => ({ f, gz: gzipSync(readFileSync(join(dist, f)), { level: 9 }).length }));
writeFileSync(join(dist, 'kura-verifier.html.sha256'), `${sha}  kura-verifier.html\n`);
console.log(`kura-verifier.html  ${Buffer.byteLength(single)} bytes`);
console.log(
  `JavaScript          ${Buffer.byteLength(js)} bytes, ${gz} bytes gzipped (budget ${JS_GZIP_BUDGET})`
);
for (const c of chunks)
  console.log(
    `lazy ${c.f.padEnd(28)} ${c.gz} bytes gzipped; with the page ${gz + c.gz} (budget ${JS_GZIP_BUDGET})`
  );
console.log(`SHA-256             ${sha}`);
// Shown on the page itself (“Script SHA-256”): the page hashes its own inline script.
console.log(`page script SHA-256 ${createHash('sha256').update(js, 'utf8').digest('hex')}`);
if (gz > JS_GZIP_BUDGET) {
  console.error(`inline: gzipped JavaScript ${gz} bytes exceeds the budget of ${JS_GZIP_BUDGET}`);
  process.exit(1);
}
for (const c of chunks)
  if (gz + c.gz > JS_GZIP_BUDGET) {
    console.error(
      `inline: the page's JavaScript with ${c.f} is ${gz + c.gz} bytes gzipped, over the budget of ${JS_GZIP_BUDGET}`
    );
    process.exit(1);
  }
