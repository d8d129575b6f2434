// Debian's Chromium (the `chromium` package at /usr/bin/chromium), driven by playwright-core; never
// a downloaded browser. .ci/run installs the package when it is missing. Screenshots go to
// test-artifacts/screenshots/ (git-ignored), for people to look at after a run.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

// Code passed to page.evaluate runs in the page; the server's compile has no DOM types for it.
declare const document: any;

export const CHROMIUM = process.env.SWITCHBOARD_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

/** Whether browser tests can run here; in CI a missing browser is a failure, not a skip. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`Chromium is required in CI but ${CHROMIUM} is missing (apt-get install chromium)`);
  console.log(`# ${CHROMIUM} not found: browser tests skipped (apt-get install chromium)`);
  return false;
}

/** Headless Chromium with a fresh temporary profile (Playwright makes one per launch). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * Controls a screen reader could not name: buttons, links, fields and selects without a label,
 * aria-label, aria-labelledby or text. Returned as short descriptions (empty: all named).
 */
export function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const named = (el: any): boolean => {
      const aria = el.getAttribute('aria-label');
      if (aria && aria.trim()) return true;
      const by = el.getAttribute('aria-labelledby');
      if (by && by.split(/\s+/).some((id: string) => document.getElementById(id)?.textContent?.trim())) return true;
      if (el.labels && el.labels.length > 0) return true;
      if (el.getAttribute('title')?.trim()) return true;
      return !['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName) && !!el.textContent?.trim();
    };
    return [...document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, [role=button], [role=switch]')]
      .filter((el: any) => !named(el))
      .map((el: any) => String(el.outerHTML).slice(0, 120));
  });
}

/** Elements wider than the viewport make a page scroll sideways (what a 360 px screen must avoid). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
