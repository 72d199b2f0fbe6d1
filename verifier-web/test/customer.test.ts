/**
 * The page as a customer meets it (issue 15), in real headless Chromium at a phone width
 * (390 px) and a desktop width (1280 px), in English and Japanese: every state — waiting,
 * checking, verified, not verified, could not check — with what it must and must not say, and on
 * every page: no sideways page scroll, chart labels of at least 11 px as rendered, tap targets of
 * at least 44 × 44 px, no English left on the Japanese page, labelled controls, keyboard focus
 * and contrast. Screenshots of each state, language and width go to `test-artifacts/`.
 */

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Month, months, proofOf, text, trustFile } from './fixtures.ts';
import { ARTIFACTS, DIST, launchChromium, type StaticServer, startServer } from './harness.ts';
import { assertLayout, englishOnJapanesePage } from './layout.ts';

let server: StaticServer;
let browser: Browser;
let ms: Month[];
let cur: Month;
let proofJson: string;
const contexts: BrowserContext[] = [];

const PAGE = '/kura-verifier.html';
const attUrl = (m: Month): string => `/por/${m.round.period}/attestation.json`;
const TRUST_URL = '/por/trust.json';
const WIDTHS = [390, 1280] as const;
const LANGS = ['en', 'ja'] as const;
type Width = (typeof WIDTHS)[number];
type Lang = (typeof LANGS)[number];

beforeAll(async () => {
  ms = months();
  cur = ms[2]!;
  proofJson = text(proofOf(cur));
  server = await startServer();
  for (const m of ms) server.publish(attUrl(m), text(m.attestation));
  server.publish(TRUST_URL, text(trustFile()));
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

/** The exchange's link: this month's report, the keys, the two earlier months. */
const LINK = (): Record<string, string | string[]> => ({
  attestation: attUrl(cur),
  trust: TRUST_URL,
  previous: [attUrl(ms[0]!), attUrl(ms[1]!)],
});

async function open(
  width: Width,
  lang: Lang,
  query: Record<string, string | string[]> = LINK(),
  opts: { delay?: string } = {}
): Promise<Page> {
  const ctx = await browser.newContext({
    viewport: { width, height: width === 390 ? 844 : 900 },
    locale: lang === 'ja' ? 'ja-JP' : 'en-US',
  });
  contexts.push(ctx);
  if (opts.delay) {
    const slow = opts.delay;
    await ctx.route(`**${slow}`, async (route) => {
      await new Promise((ok) => setTimeout(ok, 1500));
      await route.continue();
    });
  }
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    for (const x of Array.isArray(v) ? v : [v]) q.append(k, x);
  q.set('lang', lang);
  await page.goto(`${server.origin}${PAGE}?${q}`);
  if (!opts.delay) await page.waitForSelector('html[data-ready="true"]');
  expect(errors).toEqual([]);
  return page;
}

async function give(page: Page, slot: string, body: Buffer | string, name: string): Promise<void> {
  const before = Number(await page.evaluate(() => document.documentElement.dataset.runs ?? '0'));
  await page.setInputFiles(`#file-${slot}`, {
    name,
    mimeType: name.endsWith('.png') ? 'image/png' : 'application/json',
    buffer: Buffer.isBuffer(body) ? body : Buffer.from(body),
  });
  await page.waitForFunction(
    (n) => Number(document.documentElement.dataset.runs ?? '0') > n,
    before
  );
}

const status = (page: Page): Promise<string | null> => page.getAttribute('html', 'data-status');
const panelText = async (page: Page): Promise<string> => (await page.textContent('.status')) ?? '';

/** Everything a customer can see or hear, as text (for “no red cross” checks). */
const bodyText = async (page: Page): Promise<string> =>
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point here
  page.evaluate(() => document.body.innerText);

async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  // The top of the page (status, balances or files): small PNGs, committed with the tests.
  const width = page.viewportSize()?.width ?? 390;
  await page.screenshot({
    path: join(ARTIFACTS, `customer-${name}.png`),
    clip: { x: 0, y: 0, width, height: 640 },
  });
}

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a50000000049454e44ae426082',
  'hex'
);

describe.each(LANGS)('in %s', (lang) => {
  describe.each(WIDTHS)('at %i px', (width) => {
    const tag = `${lang}-${width}`;

    test('waiting: opened from the exchange’s link, it asks for the balance file — no red cross', async () => {
      const page = await open(width, lang);
      expect(await status(page)).toBe('waiting');
      expect(await panelText(page)).toContain(
        lang === 'en' ? 'Next: add your balance file' : '次に、あなたの残高ファイル'
      );
      expect(await page.$$('.check-fail, .status-fail')).toHaveLength(0);
      expect(await bodyText(page)).not.toContain('✗');
      await assertLayout(page, `waiting ${tag}`);
      if (lang === 'ja') expect(await englishOnJapanesePage(page)).toEqual([]);
      await shoot(page, `waiting-${tag}`);
    });

    test('checking: shown while the exchange’s files load', async () => {
      const page = await open(width, lang, LINK(), { delay: attUrl(cur) });
      await page.waitForSelector('html[data-status="checking"]');
      expect(await panelText(page)).toContain(lang === 'en' ? 'Checking' : '確認しています');
      await shoot(page, `checking-${tag}`);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
      expect(await status(page)).toBe('waiting');
    });

    test('verified: balances first with their date and the request to compare', async () => {
      const page = await open(width, lang);
      await give(page, 'proof', proofJson, 'proof.json');
      expect(await status(page)).toBe('pass');
      expect(await panelText(page)).toContain(lang === 'en' ? 'Verified' : '確認できました');
      // The balances come right after the status, in their units, every digit.
      const order = await page.$$eval('main > *', (els) => els.map((e) => e.className));
      expect(order.slice(0, 2)).toEqual(['status-region', 'card balances']);
      const bal = await page.textContent('.balances');
      expect(bal).toContain('0.12345678');
      expect(bal).toContain('1.000000000000000001');
      expect(bal).toContain('2,500.5');
      expect(bal).toContain(
        lang === 'en'
          ? 'compare these amounts with your account statement'
          : 'ご自身の取引報告書（または口座の残高履歴）と見比べてください'
      );
      expect(bal).toContain(lang === 'en' ? 'contact the exchange’s support' : '取引所のサポート');
      expect(await page.getAttribute('[data-balances]', 'data-balances')).toBe('confirmed');
      // Policy items: the policy file's own Japanese label (labelJa), else one made from the id.
      expect(await page.textContent('[data-term="component:volume"] summary')).toBe(
        lang === 'en'
          ? 'Volume component (spot notional, marginal tiers)'
          : '取引高に応じた部分（現物取引の約定代金、段階的な料率）'
      );
      expect(await page.textContent('[data-policy-check="inKind:BTC"] th')).toBe(
        lang === 'en' ? 'Customer holdings of BTC ≥ 1 × liabilities' : '顧客資産 ≧ 預かり資産：BTC'
      );
      await assertLayout(page, `verified ${tag}`);
      if (lang === 'ja') expect(await englishOnJapanesePage(page)).toEqual([]);
      await shoot(page, `verified-${tag}`);
    });

    test('not verified: one changed balance — said plainly, balances marked not confirmed', async () => {
      const bad = JSON.parse(proofJson);
      bad.balances[0] = (BigInt(bad.balances[0]) + 1n).toString();
      const page = await open(width, lang);
      await give(page, 'proof', text(bad), 'proof.json');
      expect(await status(page)).toBe('fail');
      const why = (await page.textContent('.status-why')) ?? '';
      expect(why).toContain(
        lang === 'en'
          ? 'The balances in this file do not add up to the published total'
          : 'このファイルの残高を積み上げても、公表された合計になりません'
      );
      // The code and the level are there, but only under “details”.
      expect(await page.isVisible('.check-code')).toBe(false);
      await page.click('[data-check="path"] summary');
      expect(await page.textContent('[data-check="path"] .check-code')).toBe('ROOT_MISMATCH');
      expect(await page.getAttribute('[data-balances]', 'data-balances')).toBe('unconfirmed');
      await assertLayout(page, `not verified ${tag}`);
      if (lang === 'ja') expect(await englishOnJapanesePage(page)).toEqual([]);
      await shoot(page, `not-verified-${tag}`);
    });

    test('could not check: a 404 on the report link is not four red crosses', async () => {
      const page = await open(width, lang, {
        attestation: '/por/2099-01/attestation.json',
        trust: TRUST_URL,
      });
      await give(page, 'proof', proofJson, 'proof.json');
      expect(await status(page)).toBe('cannot');
      expect(await panelText(page)).toContain('HTTP 404');
      expect(await page.$$('.check-fail, .status-fail')).toHaveLength(0);
      expect(await bodyText(page)).not.toContain('✗');
      await assertLayout(page, `404 ${tag}`);
      if (lang === 'ja') expect(await englishOnJapanesePage(page)).toEqual([]);
      await shoot(page, `could-not-check-404-${tag}`);
    });

    test('could not check: a picture, or the report, dropped in the balance-file box is named', async () => {
      const page = await open(width, lang);
      await give(page, 'proof', PNG, 'screenshot.png');
      expect(await status(page)).toBe('cannot');
      expect(await page.getAttribute('[data-slot="proof"]', 'data-problem')).toBe('NOT_JSON');
      const slot = (await page.textContent('[data-slot="proof"]')) ?? '';
      expect(slot).not.toMatch(/Added|追加済み/);
      expect(slot).toContain(
        lang === 'en' ? 'a picture, not a Kura file' : '画像で、Kura のファイルではありません'
      );
      expect(await page.$$('.check-fail, .status-fail')).toHaveLength(0);

      await give(page, 'proof', text(cur.attestation), 'attestation.json');
      expect(await page.getAttribute('[data-slot="proof"]', 'data-problem')).toBe('WRONG_KIND');
      expect(await panelText(page)).toContain(
        lang === 'en'
          ? 'This is a monthly report (kura-attestation). It belongs in “Monthly report”. Here, add your balance file (kura-proof).'
          : 'attestation.json：これは月次報告書（kura-attestation）です。「月次報告書」の欄に追加してください。この欄には、あなたの残高ファイル（kura-proof）を追加してください。'
      );
      expect(await page.$$('.check-fail, .status-fail')).toHaveLength(0);
      await assertLayout(page, `wrong kind ${tag}`);
      if (lang === 'ja') expect(await englishOnJapanesePage(page)).toEqual([]);
      await shoot(page, `could-not-check-wrong-file-${tag}`);
    });

    test('keyboard: the language switch and every file box are reachable and show focus', async () => {
      const page = await open(width, lang);
      const reached = new Set<string>();
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(() => {
          const a = document.activeElement as HTMLElement | null;
          if (!a) return null;
          const outline = getComputedStyle(
            a.matches('.file-input') ? (a.nextElementSibling as HTMLElement) : a
          ).outlineStyle;
          return { id: a.id || a.getAttribute('data-lang') || a.tagName, outline };
        });
        if (f) {
          reached.add(f.id);
          if (f.id.startsWith('file-') || f.id === 'en' || f.id === 'ja')
            expect([f.id, f.outline]).not.toEqual([f.id, 'none']);
        }
      }
      for (const id of ['en', 'ja', 'file-proof', 'file-attestation', 'file-trust', 'file-history'])
        expect([id, reached.has(id)]).toEqual([id, true]);
    });
  });
});

describe('earlier months', () => {
  test('a wrong file among the earlier months is named there and does not block the verdict', async () => {
    const page = await open(390, 'en', { attestation: attUrl(cur), trust: TRUST_URL });
    await give(page, 'proof', proofJson, 'proof.json');
    await give(page, 'history', proofJson, 'old-proof.json');
    expect(await status(page)).toBe('pass');
    expect(await page.getAttribute('[data-slot="history"]', 'data-problem')).toBe('WRONG_KIND');
    expect(await page.textContent('[data-slot="history"]')).toContain(
      'old-proof.json: This is your balance file (kura-proof). It belongs in “Your balance file”.'
    );
  });
});

describe('the narrowest phone (320 px)', () => {
  test.each(LANGS)(
    '%s: the verified page, with every picture, does not scroll sideways',
    async (lang) => {
      const page = await open(390, lang);
      await page.setViewportSize({ width: 320, height: 700 });
      await give(page, 'proof', proofJson, 'proof.json');
      expect(await status(page)).toBe('pass');
      await assertLayout(page, `verified ${lang}-320`);
    }
  );
});

describe('reproduce, build hash, footer', () => {
  test('commands name the customer’s files and only this month’s options; the page shows its script hash', async () => {
    // The first month: no previous report exists, so no --previous.
    const first = ms[0]!;
    const page = await open(1280, 'en', { attestation: attUrl(first), trust: TRUST_URL });
    await give(page, 'proof', text(proofOf(first)), 'my-proof.json');
    const attest = (await page.textContent('[data-step="attest"]')) ?? '';
    expect(attest).toBe('npx kura attest verify --attestation attestation.json --trust trust.json');
    expect(await page.textContent('[data-step="tree"]')).toBe(
      `npx kura tree verify --proof my-proof.json --root-commitment ${first.attestation.liabilities.rootCommitment}`
    );
    // The published files can be downloaded from the section.
    expect(
      await page.$$eval('#reproduce a.dl', (a) => a.map((x) => x.getAttribute('href')))
    ).toEqual([attUrl(first), TRUST_URL]);
    // This month with last month's report added: --previous names it.
    const page2 = await open(1280, 'en');
    await give(page2, 'proof', proofJson, 'proof.json');
    // Two files published as …/attestation.json get their month as a prefix, as downloaded.
    expect(await page2.textContent('[data-step="attest"]')).toBe(
      `npx kura attest verify --attestation ${cur.round.period}-attestation.json --trust trust.json --previous ${ms[1]!.round.period}-attestation.json`
    );
    expect(
      await page2.$$eval('#reproduce a.dl', (a) => a.map((x) => x.getAttribute('download')))
    ).toEqual([
      `${cur.round.period}-attestation.json`,
      'trust.json',
      `${ms[1]!.round.period}-attestation.json`,
    ]);
    // The build hash on the page is the SHA-256 of the script it runs (the one in the CSP).
    const html = readFileSync(join(DIST, 'kura-verifier.html'), 'utf8');
    const js = /<script type="module">([\s\S]*)<\/script>/.exec(html)![1]!;
    const want = createHash('sha256').update(js, 'utf8').digest('hex');
    expect(await page2.getAttribute('[data-build-hash]', 'data-build-hash')).toBe(want);
    // The footer links to a section that exists on the page.
    const href = await page2.getAttribute('footer a', 'href');
    expect(href).toBe('#reproduce');
    expect(await page2.$$('#reproduce')).toHaveLength(1);
  });
});
