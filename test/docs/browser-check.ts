/**
 * Drives one docs HTML page in a real browser: every tab is switched, exactly its panel must be
 * visible with the expected samples (text byte-identical to the sample files), nothing may be
 * fetched from the network, no script may fail, and the page must not scroll sideways on a phone.
 * Returns the problems found; screenshots go under test-output/docs/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

// The callbacks given to page.evaluate run in the page. tsconfig has no DOM lib (the generator runs
// on Node), so the page's globals are declared here, loosely, for this module only.
/* eslint-disable @typescript-eslint/no-explicit-any */
type DomNode = any;
declare const document: any;
declare const window: any;
declare const location: any;
declare function getComputedStyle(node: DomNode): any;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export interface ExpectedSample {
  id: string;
  /** The block's data-source (project-relative sample path; empty for the raw request). */
  source: string;
  content: string;
}

export interface ExpectedTab {
  key: string;
  samples: ExpectedSample[];
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

interface PanelState {
  selected: string[];
  visiblePanels: string[];
  blocks: { id: string; source: string; text: string; visible: boolean }[];
}

async function panelState(page: Page): Promise<PanelState> {
  return page.evaluate(() => {
    const visible = (el: DomNode) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const tabs = [...document.querySelectorAll('[role="tab"]')] as DomNode[];
    const panels = ([...document.querySelectorAll('[role="tabpanel"]')] as DomNode[]).filter(visible);
    return {
      selected: tabs.filter((t) => t.getAttribute('aria-selected') === 'true').map((t) => t.getAttribute('data-tab') ?? ''),
      visiblePanels: panels.map((p) => p.getAttribute('data-tab') ?? ''),
      blocks: panels.flatMap((p) =>
        ([...p.querySelectorAll('pre[data-sample]')] as DomNode[]).map((pre) => ({
          id: pre.getAttribute('data-sample') ?? '',
          source: pre.getAttribute('data-source') ?? '',
          text: pre.textContent ?? '',
          visible: visible(pre),
        })),
      ),
    };
  });
}

/**
 * Code in tables, definition lists and error headings that wraps inside a word at the current
 * viewport: a line break is fine after a space or one of `- / _ . : , = &`, and between a lower-case
 * letter or digit and an upper-case letter (the generator's <wbr>); anywhere else it is mid-word
 * ("PositionNotEqu|alToLength"). Each code element's characters are measured one by one.
 */
export async function midWordWraps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const codes = [...document.querySelectorAll('td code, th code, dt code, dd code, article.error h4 code')] as DomNode[];
    for (const code of codes) {
      if (code.getClientRects().length === 0) continue;
      const walker = document.createTreeWalker(code, 4);
      let previous: { top: number; char: string } | undefined;
      const text = code.textContent ?? '';
      let index = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i++, index++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          const char = node.data[i];
          if (!rect || rect.width === 0) continue;
          if (previous && rect.top > previous.top + rect.height / 2) {
            const atWordEnd = /[\s\-/_.:,=&]/.test(previous.char) || /\s/.test(char) || (/[a-z0-9]/.test(previous.char) && /[A-Z]/.test(char));
            if (!atWordEnd) found.push(`${text.slice(0, index)}|${text.slice(index)}`);
          }
          previous = { top: rect.top, char };
        }
      }
    }
    return found;
  });
}

/** Opens `file` and checks it against `expected`; `shots` names the screenshots (none when empty). */
export async function checkPage(browser: Browser, file: string, expected: ExpectedTab[], shots: string, outDir: string): Promise<string[]> {
  const problems: string[] = [];
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const network: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    network.push(url);
    return route.abort();
  });
  page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
  if (shots) mkdirSync(outDir, { recursive: true });
  try {
    await page.goto(pathToFileURL(file).href);
    const tabKeys = await page.locator('[role="tab"]').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-tab') ?? ''));
    const missingTabs = expected.map((t) => t.key).filter((k) => !tabKeys.includes(k));
    const extraTabs = tabKeys.filter((k) => !expected.some((t) => t.key === k));
    if (missingTabs.length) problems.push(`missing tabs: ${missingTabs.join(', ')}`);
    if (extraTabs.length) problems.push(`unexpected tabs: ${extraTabs.join(', ')}`);
    // Walk the tabs in reverse too, so a tab that only works first (or only from the default) fails.
    const order = [...expected, ...[...expected].reverse()];
    for (const [step, tab] of order.entries()) {
      if (!tabKeys.includes(tab.key)) continue;
      await page.locator(`[role="tab"][data-tab="${tab.key}"]`).click();
      const state = await panelState(page);
      const where = `tab ${tab.key} (step ${step + 1})`;
      if (state.selected.join() !== tab.key) problems.push(`${where}: selected tabs are [${state.selected.join(', ')}]`);
      if (state.visiblePanels.join() !== tab.key) problems.push(`${where}: visible panels are [${state.visiblePanels.join(', ')}]`);
      const shown = state.blocks.map((b) => `${b.id}@${b.source}`);
      const wanted = tab.samples.map((s) => `${s.id}@${s.source}`);
      if (shown.join('\n') !== wanted.join('\n')) problems.push(`${where}: shows [${shown.join(', ')}], expected [${wanted.join(', ')}]`);
      for (const sample of tab.samples) {
        const block = state.blocks.find((b) => b.id === sample.id && b.source === sample.source);
        if (!block) continue;
        if (!block.visible) problems.push(`${where}: ${sample.id} is not visible`);
        if (block.text !== sample.content) problems.push(`${where}: ${sample.id} text differs from ${sample.source || 'the raw request'}`);
      }
      if (shots && step < expected.length) {
        await page.locator('[role="tablist"]').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(outDir, `${shots}-tab-${tab.key}.png`) });
      }
    }
    // A link to a sample opens its tab.
    const last = expected.at(-1)?.key;
    const firstSample = expected[0]?.samples[0];
    if (last && firstSample && tabKeys.includes(last) && expected.length > 1) {
      await page.locator(`[role="tab"][data-tab="${last}"]`).click();
      const anchor = await page.locator(`pre[data-sample="${firstSample.id}"][data-source="${firstSample.source}"]`).evaluate((pre) => pre.closest('figure')?.id ?? '');
      await page.evaluate((id) => (location.hash = id), anchor);
      const state = await panelState(page);
      if (state.visiblePanels.join() !== expected[0]!.key) problems.push(`a link to #${anchor} does not open tab ${expected[0]!.key}`);
    }
    const wrapsAt = async (width: number) => {
      for (const wrap of await midWordWraps(page)) problems.push(`at ${width}px code wraps inside a word: ${wrap}`);
    };
    await wrapsAt(DESKTOP.width);
    await page.setViewportSize(PHONE);
    await wrapsAt(PHONE.width);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`at ${PHONE.width}px the page scrolls sideways by ${overflow}px`);
    if (shots) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(outDir, `${shots}-phone-top.png`) });
      await page.locator('[role="tablist"]').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(outDir, `${shots}-phone-samples.png`) });
      const table = page.locator('table.stack').nth(1);
      if ((await table.count()) > 0) {
        await table.scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(outDir, `${shots}-phone-table.png`) });
      }
    }
  } finally {
    await context.close();
  }
  if (network.length) problems.push(`network requests: ${network.join(', ')}`);
  return problems;
}
