/**
 * The customer-facing layout rules the browser tests assert on every page (issue 15): shared by
 * `customer.test.ts` (every state of a v1 check) and `v2.test.ts` (the v2 ladder).
 * @module
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * The layout and accessibility rules every state must keep, at this width and language:
 * no sideways page scroll; SVG text ≥ 11 px as rendered; tap targets ≥ 44 × 44 px; every file
 * input labelled; the status title readable (contrast ≥ 4.5:1) on its panel.
 */
export async function assertLayout(page: Page, where: string): Promise<void> {
  const r = await page.evaluate(() => {
    const el = document.scrollingElement!;
    const small: string[] = [];
    for (const t of document.querySelectorAll<SVGTextElement>('svg text')) {
      if (!t.getClientRects().length) continue;
      const px = Number.parseFloat(getComputedStyle(t).fontSize);
      const ctm = t.getScreenCTM();
      const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
      if (px * scale < 11) small.push(`${t.textContent} ${px}px×${scale.toFixed(2)}`);
    }
    const tiny: string[] = [];
    const targets = document.querySelectorAll<HTMLElement>(
      'button, .button, summary, a[href], .point, input:not(.file-input)'
    );
    for (const e of targets) {
      const b = e.getBoundingClientRect();
      if (b.width === 0 && b.height === 0) continue; // not rendered (closed details)
      if (b.width < 44 || b.height < 44)
        tiny.push(
          `${e.tagName}.${e.className} "${e.textContent?.slice(0, 30)}" ${b.width}×${b.height}`
        );
    }
    const unlabelled = [...document.querySelectorAll('input')]
      .filter((i) => !document.querySelector(`label[for="${i.id}"]`))
      .map((i) => i.id);
    // Contrast of the status title against its panel.
    const rgb = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = (c: number[]): number => {
      const [r, g, b] = c.map((v) => {
        const x = v / 255;
        return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const title = document.querySelector('.status-title');
    const panel = document.querySelector('.status');
    let contrast = 21;
    if (title && panel) {
      const [a, b] = [
        lum(rgb(getComputedStyle(title).color)),
        lum(rgb(getComputedStyle(panel).backgroundColor)),
      ].sort((x, y) => y - x);
      contrast = (a! + 0.05) / (b! + 0.05);
    }
    // 「ファイルを選択」 and friends: one line each, never broken inside.
    const broken = [...document.querySelectorAll<HTMLElement>('label.button')]
      .filter((l) => l.getClientRects().length > 1 || l.scrollWidth > l.clientWidth + 1)
      .map((l) => l.textContent);
    // Elements sticking out of the viewport, to name the culprit when the page scrolls sideways.
    const wide = [...document.querySelectorAll('body *')]
      .filter(
        (e) =>
          e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest('.table-scroll')
      )
      .slice(0, 5)
      .map((e) => `${e.tagName}.${e.className}`);
    return {
      wide,
      scrollWidth: el.scrollWidth,
      innerWidth: window.innerWidth,
      small,
      tiny,
      unlabelled,
      contrast,
      broken,
    };
  });
  expect([where, r.scrollWidth <= r.innerWidth, r.wide]).toEqual([where, true, []]);
  expect([where, r.small]).toEqual([where, []]);
  expect([where, r.tiny]).toEqual([where, []]);
  expect([where, r.unlabelled]).toEqual([where, []]);
  expect([where, r.broken]).toEqual([where, []]);
  expect(r.contrast).toBeGreaterThanOrEqual(4.5);
}

/**
 * On the Japanese page, every text node and accessible name must be Japanese — except codes,
 * hashes, numbers, file names and names (marked `translate="no"`, `<code>`, `lang="en"` for a
 * quoted English original), acronyms and asset symbols (all capitals), and Kura's own name.
 */
export async function englishOnJapanesePage(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const SKIP = 'code, pre, script, style, noscript, [translate="no"], [lang="en"]';
    // Names stay as written (GLOSSARY.md): ours, tools, and the other exchanges of the
    // “proof from another exchange” card with their format versions (v1, v2).
    const ALLOW = new Set([
      'Kura',
      'Node.js',
      'git',
      'high-S',
      'Bitget',
      'Bybit',
      'BitMEX',
      'Binance',
    ]);
    const bad: string[] = [];
    const judge = (s: string, where: string): void => {
      for (const m of s.matchAll(/[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*/g)) {
        const w = m[0];
        if (ALLOW.has(w)) continue;
        if (/^kura-[a-z]+$/.test(w)) continue; // file format names
        if (/\.json$/.test(w)) continue; // file names
        if (/^[A-Z0-9][A-Z0-9_-]*$/.test(w) && /[A-Z]/.test(w)) continue; // codes, acronyms, symbols
        if (/^[0-9a-f]+$/.test(w) && w.length >= 8) continue; // hashes
        if (/^v[0-9]+$/.test(w)) continue; // format versions
        bad.push(`${where}: “${w}” in “${s.trim().slice(0, 80)}”`);
      }
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || parent.closest(SKIP)) continue;
      judge(n.textContent ?? '', parent.tagName.toLowerCase());
    }
    for (const e of document.querySelectorAll('[aria-label]')) {
      if (e.closest(SKIP)) continue;
      judge(e.getAttribute('aria-label') ?? '', `aria-label of ${e.tagName.toLowerCase()}`);
    }
    judge(document.title, 'title');
    return bad;
  });
}
