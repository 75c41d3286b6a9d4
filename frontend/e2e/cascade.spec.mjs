import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { checkA11y, DEMO_PASSWORD, journey, launchBrowser, newPage, screenshot, submitLogin } from './support.mjs';

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

journey('a Bappeda planner filters the pohon kinerja to an OPD and traces a sub kegiatan back to its sasaran', async () => {
  const page = await newPage(browser);
  await submitLogin(page, 'bappeda', DEMO_PASSWORD);
  await page.getByRole('banner').getByText('Kabupaten Sukamaju').waitFor();
  await page.goto('/pohon-kinerja');
  await page.getByRole('heading', { name: /^Pohon Kinerja \d{4}$/ }).waitFor();
  await page.getByText(/^Total pagu indikatif Rp\s[\d.]+,\d{2}$/).waitFor();
  await checkA11y(page, 'Pohon kinerja');

  await page.getByLabel('Perangkat daerah').selectOption({ label: 'Dinas Kesehatan' });
  await page.waitForURL((url) => url.searchParams.has('opd'));
  await page.getByRole('button', { name: 'Buka semua' }).click();
  const trace = page.getByRole('button', { name: /^Telusuri .+ ke atas$/ }).first();
  await trace.click();

  const dialog = page.getByRole('dialog', { name: 'Penelusuran ke atas' });
  const steps = dialog.getByRole('listitem');
  await steps.first().waitFor();
  const texts = await steps.allInnerTexts();
  assert.match(texts[0] ?? '', /^Sub kegiatan/i);
  assert.ok(texts.some((text) => /^Sasaran/i.test(text)), `a sasaran in the trace: ${texts.join(' | ')}`);
  assert.ok(texts.some((text) => /^Visi/i.test(text)), `the visi at the top: ${texts.join(' | ')}`);
  await checkA11y(page, 'Penelusuran');
  await screenshot(page, 'cascade-trace');
  await page.context().close();
});

journey('on a phone the Bappeda planner opens the planning checks from the folded menu and follows a finding', async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  await submitLogin(page, 'bappeda', DEMO_PASSWORD);
  await page.getByRole('heading', { name: 'Beranda' }).waitFor();

  const menu = page.getByRole('navigation', { name: 'Menu utama' });
  assert.equal(await menu.isVisible(), false, 'the menu folds away at 390 px');
  await page.getByRole('button', { name: 'Buka menu' }).click();
  await menu.getByRole('link', { name: 'Pemeriksaan Perencanaan' }).click();
  await page.getByRole('heading', { name: /^Pemeriksaan Perencanaan \d{4}$/ }).waitFor();
  await page.getByRole('status').getByText(/^\d+ temuan/).waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling of the page at 390 px (scrollWidth ${width})`);
  await checkA11y(page, 'Pemeriksaan perencanaan (390 px)');
  await screenshot(page, 'planning-checks-390');

  const links = page.getByRole('link', { name: /^Buka / });
  if ((await links.count()) > 0) {
    await links.first().click();
    await page.getByRole('heading', { name: /^(RPJMD|Pohon Kinerja)/ }).waitFor();
  }
  await page.context().close();
});
