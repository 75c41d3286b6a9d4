// Shared setup for the browser journeys: Debian's chromium driven by playwright-core against a running server.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** @typedef {import('playwright-core').Browser} Browser */
/** @typedef {import('playwright-core').Page} Page */

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export const BASE_URL = (process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8001').replace(/\/$/, '');
export const DEMO_PASSWORD = 'Pagu-Demo-2026';
export const RESULTS_DIR = fileURLToPath(new URL('../test-results/', import.meta.url));

/** @returns {Promise<Browser>} */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * A page in a fresh context (no cookies), with timeouts short enough that a broken journey fails fast.
 * @param {Browser} browser
 * @param {{ width: number, height: number }} [viewport]
 */
export async function newPage(browser, viewport = { width: 1366, height: 820 }) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport,
    locale: 'id-ID',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  watch(page);
  return page;
}

/**
 * What each open page has been doing, for the report of a failed journey: its errors, the API calls that failed,
 * and the requests still waiting for an answer.
 * @type {Map<Page, { events: string[], pending: Map<import('playwright-core').Request, number> }>}
 */
const watched = new Map();

/** @param {Page} page */
function watch(page) {
  const record = { events: /** @type {string[]} */ ([]), pending: new Map() };
  watched.set(page, record);
  const note = (/** @type {string} */ line) => record.events.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
  page.on('close', () => watched.delete(page));
  page.on('pageerror', (error) => note(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') note(`console: ${message.text()}`);
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) note(`at ${frame.url()}`);
  });
  page.on('request', (request) => record.pending.set(request, Date.now()));
  page.on('requestfailed', (request) => {
    record.pending.delete(request);
    note(`failed ${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
  });
  page.on('requestfinished', async (request) => {
    const started = record.pending.get(request) ?? Date.now();
    record.pending.delete(request);
    const status = (await request.response().catch(() => null))?.status() ?? 0;
    const took = Date.now() - started;
    if (status >= 400 || took > 2_000) note(`${status} ${request.method()} ${request.url()} in ${took} ms`);
  });
}

/**
 * `test`, and when the journey fails: a screenshot of every open page (test-results/FAILED-*.png) and, added to the
 * error, where each page is, what it shows and what it was waiting for — a failure in CI can be read from its log.
 * @param {string} name
 * @param {() => Promise<void>} body
 */
export function journey(name, body) {
  return test(name, async () => {
    try {
      await body();
    } catch (error) {
      const report = await describePages(name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60));
      if (error instanceof Error) error.message += `\n--- the open pages\n${report}`;
      throw error;
    }
  });
}

/** @param {string} slug */
async function describePages(slug) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const parts = [];
  let index = 0;
  for (const [page, record] of watched) {
    index += 1;
    const now = Date.now();
    const waiting = [...record.pending].map(([request, at]) => `${request.method()} ${request.url()} (${now - at} ms)`);
    const text = await page
      .evaluate(() => document.body.innerText.replace(/\s+/g, ' ').slice(0, 600))
      .catch((/** @type {Error} */ error) => `(unreadable: ${error.message})`);
    await page.screenshot({ path: `${RESULTS_DIR}FAILED-${slug}-${index}.png`, fullPage: true }).catch(() => undefined);
    parts.push(
      [`page ${index}: ${page.url()}`, `  shows: ${text}`, `  waiting for: ${waiting.join(', ') || 'nothing'}`]
        .concat(record.events.slice(-15).map((line) => `  ${line}`))
        .join('\n'),
    );
  }
  return parts.join('\n') || '(no open page)';
}

/**
 * Fill the login form on the current page and submit; the caller checks where it lands.
 * @param {Page} page
 * @param {string} username
 * @param {string} password
 */
export async function fillLogin(page, username, password) {
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
}

/**
 * Open /login and sign in.
 * @param {Page} page
 * @param {string} username
 * @param {string} password
 */
export async function submitLogin(page, username, password) {
  await page.goto('/login');
  await fillLogin(page, username, password);
}

/**
 * Save a full-page PNG to frontend/test-results/ (gitignored) for a person to look at.
 * @param {Page} page
 * @param {string} name
 */
export async function screenshot(page, name) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: `${RESULTS_DIR}${name}.png`, fullPage: true });
}

/**
 * Run axe-core on the page as it is now and fail on any serious or critical violation, naming each with its nodes.
 * @param {Page} page
 * @param {string} where
 */
export async function checkA11y(page, where) {
  // evaluated through the DevTools protocol, not as a script tag: the app's Content-Security-Policy stays on
  await page.evaluate(await readFile(AXE_PATH, 'utf8'));
  /** @type {{ id: string, impact: string, help: string, nodes: { target: string[] }[] }[]} */
  const violations = await page.evaluate(async () => {
    // colours are judged at rest: a notification fading in is half transparent for a moment
    // (finite ones only: a spinner's never finishes)
    const settling = document
      .getAnimations()
      .filter((animation) => Number.isFinite(Number(animation.effect?.getComputedTiming().endTime ?? Infinity)));
    await Promise.all(settling.map((animation) => animation.finished.catch(() => undefined)));
    // @ts-expect-error axe is the global the script tag defines
    const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
    [],
    `accessibility violations on ${where}`,
  );
}
