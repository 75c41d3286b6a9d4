// Shared setup for the browser journeys: Debian's chromium driven by playwright-core against a running server.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** @typedef {import('playwright-core').Browser} Browser */
/** @typedef {import('playwright-core').Page} Page */

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
 * A page in a fresh context (no cookies), with short timeouts so a broken journey fails fast.
 * @param {Browser} browser
 */
export async function newPage(browser) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport: { width: 1366, height: 820 },
    locale: 'id-ID',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return page;
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
