/**
 * The Japanese page, in real Chromium, for a month evaluated under each shipped policy: the
 * policy breakdown names every term and check in Japanese — the policy file's own `labelJa`
 * where it gives one — and never falls back to 「項目：<id>」.
 */
import { readdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { months, policyInputsFor, proofOf, text, trustFile } from './fixtures.ts';
import { launchChromium, type StaticServer, startServer } from './harness.ts';

const IDS = readdirSync(new URL('../../packages/policy/policies/', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();
const PAGE = '/kura-verifier.html';
const TRUST_URL = '/por/trust.json';

let server: StaticServer;
let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  server = await startServer();
  server.publish(TRUST_URL, text(trustFile()));
  browser = await launchChromium();
});

afterAll(async () => {
  for (const p of pages) await p.close();
  await browser?.close();
  await server?.close();
});

describe('Japanese policy labels on the page, for every shipped policy', () => {
  test('finds the seven shipped policies', () => {
    expect(IDS).toHaveLength(7);
  });

  test.each(IDS)('%s: every term and check in Japanese, no 「項目：」', async (id) => {
    const ms = months(Date.now(), { id, inputs: (round) => policyInputsFor(id, undefined, round) });
    const cur = ms[2]!;
    const url = (p: string): string => `/por/${id}/${p}`;
    for (const m of ms)
      server.publish(url(`${m.round.period}/attestation.json`), text(m.attestation));
    server.publish(url('proof.json'), text(proofOf(cur)));
    const q = new URLSearchParams({
      attestation: url(`${cur.round.period}/attestation.json`),
      trust: TRUST_URL,
      proof: url('proof.json'),
      lang: 'ja',
    });
    for (const m of ms.slice(0, 2)) q.append('previous', url(`${m.round.period}/attestation.json`));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    pages.push(page);
    await page.goto(`${server.origin}${PAGE}?${q}`);
    await page.waitForSelector('html[data-ready="true"]');
    await page.waitForSelector('[data-policy-check]');
    const card = page.locator('[aria-labelledby="h-policy"]');
    // open every term's details so their labels are rendered
    await card.evaluate((c) => {
      for (const d of c.querySelectorAll('details')) d.open = true;
    });
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point here
    const shown = await card.innerText();
    expect(shown).not.toContain('項目：');
    const rows = await card.locator('[data-policy-check] th').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect([r, /[\u3040-\u30ff\u4e00-\u9fff]/.test(r)]).toEqual([r, true]);
    // every labelJa the policy evaluation carries is on the page as written
    const labelsJa = [...cur.attestation.policy.terms, ...cur.attestation.policy.checks]
      .map((x) => (x as { labelJa?: string }).labelJa)
      .filter((x): x is string => typeof x === 'string');
    for (const l of labelsJa) expect([l, shown.includes(l)]).toEqual([l, true]);
  });
});
