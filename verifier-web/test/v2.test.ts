/**
 * Protocol v2 in the customer's page (issue 18), in real headless Chromium on the built page:
 * a genuine `kura-proof/2` with its protocol-2 attestation is verified, the ladder says per step
 * that the neighbours' amounts are hidden and proved not negative, the customer's own balances
 * and the opened totals are shown; a forged range proof, a changed commitment, an invalid one
 * and totals that do not open the root each fail with their code and their sentence in English
 * and Japanese. At 390, 1280 and 320 px: no sideways scroll, tap targets ≥ 44 px. A v2 customer
 * downloads the page, the v2 chunk and the generator table — never the v1 or foreign chunk.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sentence } from '../src/sentences.ts';
import { ALICE, type MonthV2, monthV2, proofV2Of, text, trustFile } from './fixtures.ts';
import { ARTIFACTS, chunkFile, launchChromium, type StaticServer, startServer } from './harness.ts';
import { assertLayout, englishOnJapanesePage } from './layout.ts';

let server: StaticServer;
let browser: Browser;
let m: MonthV2;
let proof: Record<string, unknown>;
const contexts: BrowserContext[] = [];

const PAGE = '/kura-verifier.html';
const ATT_URL = '/por/v2/attestation.json';
const TRUST_URL = '/por/trust.json';

beforeAll(async () => {
  m = monthV2();
  proof = JSON.parse(text(proofV2Of(m))) as Record<string, unknown>;
  server = await startServer();
  server.publish(ATT_URL, text(m.attestation));
  server.publish(TRUST_URL, text(trustFile()));
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

interface Opened {
  readonly page: Page;
  readonly paths: string[];
}

/** Open the page as the exchange links it, then give `body` as the customer's proof. */
async function open(
  body: unknown,
  width = 1100,
  lang: 'en' | 'ja' = 'en',
  swap?: { path: string; body: string }
): Promise<Opened> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  contexts.push(ctx);
  const paths: string[] = [];
  await ctx.route('**/*', (route) => {
    const url = new URL(route.request().url());
    paths.push(url.pathname);
    if (swap && url.pathname === swap.path)
      return route.fulfill({ status: 200, contentType: 'text/javascript', body: swap.body });
    return url.origin === server.origin ? route.continue() : route.abort();
  });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.origin}${PAGE}?attestation=${ATT_URL}&trust=${TRUST_URL}&lang=${lang}`);
  await page.waitForSelector('html[data-ready="true"]');
  const before = Number(await page.evaluate(() => document.documentElement.dataset.runs ?? '0'));
  await page.setInputFiles('#file-proof', {
    name: 'proof.json',
    mimeType: 'application/json',
    buffer: Buffer.from(typeof body === 'string' ? body : text(body)),
  });
  await page.waitForFunction(
    (n) => Number(document.documentElement.dataset.runs ?? '0') > n,
    before,
    { timeout: 60_000 }
  );
  expect(errors).toEqual([]);
  return { page, paths };
}

const checks = (page: Page): Promise<Record<string, string>> =>
  page.$$eval('[data-check]', (els) =>
    Object.fromEntries(
      els.map((e) => [
        e.getAttribute('data-check'),
        `${e.getAttribute('data-state')}${e.getAttribute('data-code') ? ` ${e.getAttribute('data-code')}` : ''}`,
      ])
    )
  );

const hidden = (page: Page): Promise<(string | null)[]> =>
  page.$$eval('.rung-hidden', (els) => els.map((e) => e.getAttribute('data-hidden')));

/** A copy of the genuine proof with `edit` applied. */
function tampered(edit: (p: Record<string, unknown>) => void): Record<string, unknown> {
  const p = structuredClone(proof);
  edit(p);
  return p;
}

const b64 = (s: string): Buffer => Buffer.from(s, 'base64');

describe('a protocol v2 proof in the customer’s page', () => {
  test('a genuine proof is verified; the ladder says which amounts are hidden and why', async () => {
    const { page, paths } = await open(proof);
    expect(await page.getAttribute('html', 'data-status')).toBe('pass');
    expect(await checks(page)).toMatchObject({ leaf: 'pass', path: 'pass', root: 'pass' });
    // The ladder: protocol 2 explained once, every step's neighbour amounts hidden and proved.
    expect(await page.getAttribute('[data-protocol="2"]', 'data-protocol')).toBe('2');
    const height = m.tree.height;
    expect(await hidden(page)).toEqual(Array(height).fill('pass'));
    expect(await page.textContent('.ladder')).toContain('Proved to be between 0 and 2^64 − 1');
    expect(await page.getAttribute('[data-hidden-count]', 'data-hidden-count')).toBe(
      String(height * 3)
    );
    // No neighbour amount in the clear: only the leaf and the root show sums.
    expect(
      await page.$$eval('.ladder .rung-sums:not(.rung-hidden):not([data-counted])', (e) => e.length)
    ).toBe(2);
    // The customer's own balances (every digit) and the opened totals.
    const own = await page.textContent('.rung-leaf .sums');
    expect(own).toContain('0.12345678');
    expect(own).toContain('1.000000000000000001');
    expect(own).toContain('2,500.5');
    // ETH 1.000000000000000001 is counted as 1.000000001 (gwei tree units, rounded up).
    expect(await page.textContent('[data-counted="rounded-up"]')).toContain('1.000000001');
    const totals = await page.textContent('.rung-root .sums');
    expect(totals).toContain('50,000'); // BTC liabilities of the book
    expect(await page.textContent('.rung-root')).toContain('opened');
    // What a v2 customer downloads: the page, the v2 verifier and the generator table.
    const got = new Set(paths);
    expect(got.has(`/${chunkFile('v2')}`)).toBe(true);
    expect(got.has(`/${chunkFile('generators', undefined, 'bin')}`)).toBe(true);
    expect([...got].some((p) => /kura-(v1|foreign)-/.test(p))).toBe(false);
    expect(ALICE.uid).toBe(await page.textContent('.rung-leaf [translate="no"]'));
    await page.screenshot({ path: join(ARTIFACTS, 'verifier-v2-valid-en.png') });

    await page.click('button[data-lang="ja"]');
    expect(await page.textContent('.status')).toContain('確認できました');
    expect(await page.textContent('[data-protocol="2"]')).toContain('範囲証明');
    expect(await page.textContent('.ladder')).toContain('負ではない');
    expect(await englishOnJapanesePage(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'verifier-v2-valid-ja.png') });
  });

  test('a height-20, 3-asset proof of a sparse tree (the benchmark’s size) is verified', async () => {
    const big = monthV2(Date.now(), { placement: 'sparse', height: 20 });
    const url = '/por/v2-sparse/attestation.json';
    server.publish(url, text(big.attestation));
    const ctx = await browser.newContext();
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(`${server.origin}${PAGE}?attestation=${url}&trust=${TRUST_URL}`);
    await page.waitForSelector('html[data-ready="true"]');
    const before = Number(await page.evaluate(() => document.documentElement.dataset.runs));
    await page.setInputFiles('#file-proof', {
      name: 'proof.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text(proofV2Of(big))),
    });
    await page.waitForFunction(
      (n) => Number(document.documentElement.dataset.runs ?? '0') > n,
      before,
      { timeout: 60_000 }
    );
    expect(await page.getAttribute('html', 'data-status')).toBe('pass');
    expect(await hidden(page)).toEqual(Array(20).fill('pass'));
    expect(await page.getAttribute('[data-hidden-count]', 'data-hidden-count')).toBe('60');
  }, 120_000);

  test.each([390, 1280, 320])('phone and desktop widths: %i px, both languages', async (w) => {
    for (const lang of ['en', 'ja'] as const) {
      const { page } = await open(proof, w, lang);
      expect(await page.getAttribute('html', 'data-status')).toBe('pass');
      await assertLayout(page, `v2 verified ${lang} ${w}px`);
      await page.evaluate(() => document.querySelector('.ladder')?.scrollIntoView());
      await page.screenshot({
        path: join(ARTIFACTS, `customer-v2-ladder-${lang}-${w}.png`),
        clip: { x: 0, y: 0, width: w, height: 640 },
      });
    }
  });

  // [name, edit, failing check, code, level the ladder highlights (or null), hidden states]
  const attacks: [
    string,
    (p: Record<string, unknown>) => void,
    string,
    string,
    string | null,
    string,
  ][] = [
    [
      'a forged range proof (t̂ changed)',
      (p) => {
        const b = b64(p.rangeProof as string);
        b[164]! ^= 1; // lowest byte of t̂: still a canonical scalar
        p.rangeProof = b.toString('base64');
      },
      'path',
      'RANGE_PROOF_FORGED',
      null,
      'fail',
    ],
    [
      'a changed commitment (another valid point)',
      (p) => {
        const s = p.siblings as { commitments: string[] }[];
        s[1]!.commitments[0] = s[0]!.commitments[1]!;
      },
      'path',
      'ROOT_OPENING_MISMATCH',
      null,
      'skip',
    ],
    [
      'a commitment that is not a valid point',
      (p) => {
        const s = p.siblings as { commitments: string[] }[];
        s[1]!.commitments[2] = Buffer.alloc(32, 0xff).toString('base64');
      },
      'path',
      'POINT_INVALID',
      '1',
      'skip',
    ],
    [
      'totals that do not open the root',
      (p) => {
        const t = p.totals as string[];
        t[0] = String(BigInt(t[0]!) + 1n);
      },
      'path',
      'ROOT_OPENING_MISMATCH',
      null,
      'skip',
    ],
  ];

  test.each(attacks)(
    '%s fails with its code, in English and Japanese',
    async (name, edit, check, code, level, state) => {
      const { page } = await open(tampered(edit));
      expect(await page.getAttribute('html', 'data-status')).toBe('fail');
      expect((await checks(page))[check]).toBe(`fail ${code}`);
      // The customer's sentence for the code, first; the code under details.
      const en = sentence(code, 'en')!;
      expect(await page.textContent('.status')).toContain(en);
      if (level !== null)
        expect(await page.getAttribute(`.rung[data-level="${level}"]`, 'data-state')).toBe('fail');
      const states = await hidden(page);
      if (state === 'fail') expect(states.every((s) => s === 'fail')).toBe(true);
      else expect(states.includes('pass')).toBe(false);
      await page.click('button[data-lang="ja"]');
      expect(await page.textContent('.status')).toContain(sentence(code, 'ja')!);
      const slug = code.toLowerCase().replaceAll('_', '-');
      await page.screenshot({ path: join(ARTIFACTS, `verifier-v2-${slug}-ja.png`) });
      expect(name).toBeTruthy();
    }
  );

  test('a swapped verifier chunk is refused before it runs', async () => {
    const path = `/${chunkFile('v2')}`;
    const evil = `globalThis.__swapped = true; export const verifier = { couldNotCheck: [], checkAttestation() { throw 1; }, checkProof() { return { checks: [{ id: 'leaf', state: 'pass' }, { id: 'path', state: 'pass' }, { id: 'root', state: 'pass' }] }; } };`;
    const { page } = await open(proof, 1100, 'en', { path, body: evil });
    expect(await page.evaluate(() => (globalThis as { __swapped?: boolean }).__swapped)).toBe(
      undefined
    );
    expect(await page.getAttribute('html', 'data-status')).toBe('cannot');
    // Could not check (amber), never “not verified”: the panel gives the reason in plain words.
    expect(await page.textContent('.status')).toContain(sentence('VERIFIER_UNAVAILABLE', 'en')!);
    await page.click('button[data-lang="ja"]');
    expect(await page.textContent('.status')).toContain(sentence('VERIFIER_UNAVAILABLE', 'ja')!);
  });
});
