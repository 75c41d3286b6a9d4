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

/** "12.34" → "12,34%", as the SPA writes a percentage. */
function percent(/** @type {string} */ value) {
  return `${new Intl.NumberFormat('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(value))}%`;
}

journey('the bupati opens Beranda on a phone and reads the absorption, the OPD ranking and the indicator bands', async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  await submitLogin(page, 'bupati', DEMO_PASSWORD);
  await page.getByRole('heading', { name: 'Beranda' }).waitFor();
  await page.getByRole('heading', { name: 'Kurva serapan anggaran' }).waitFor();

  // the headline figure is the API's total
  const response = await page.request.get('/api/dashboard/');
  assert.ok(response.ok(), `GET /api/dashboard/: ${response.status()}`);
  const dashboard = await response.json();
  const tile = page.getByRole('link', { name: /Realisasi keuangan/ });
  assert.ok((await tile.textContent())?.includes(percent(dashboard.total.persen_realisasi)));

  // the curve is drawn, one ranking row per OPD, and re-ordered by deviation on request
  await page.locator('.chart svg').first().waitFor();
  const ranking = page.getByRole('table', { name: 'Peringkat perangkat daerah' });
  assert.equal(await ranking.getByRole('rowheader').count(), dashboard.opd.length);
  await page.getByText('Deviasi terbesar', { exact: true }).first().click();
  const worst = dashboard.opd.find((/** @type {{ peringkat_deviasi: number }} */ row) => row.peringkat_deviasi === 1);
  assert.equal((await ranking.getByRole('rowheader').first().textContent())?.trim(), worst.singkatan || worst.nama);

  // every predikat band is listed with its count
  const bands = page.getByRole('heading', { name: 'Capaian indikator' }).locator('..').getByRole('listitem');
  assert.equal(await bands.count(), 6);

  // nothing wider than the phone
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - globalThis.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await checkA11y(page, 'Beranda (pimpinan, 390 px)');
  await screenshot(page, 'dashboard-leader-phone');

  // the tile opens the RFK behind it, still on the phone, and its workbook downloads
  await tile.click();
  await page.getByRole('heading', { name: 'Realisasi Fisik dan Keuangan (RFK)' }).waitFor();
  await page.getByRole('table', { name: 'Realisasi fisik dan keuangan' }).waitFor();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - globalThis.innerWidth);
  assert.ok(wide <= 0, `the RFK page is ${wide}px wider than the screen`);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Unduh Excel (xlsx)' }).click();
  assert.match((await download).suggestedFilename(), /^rfk-\d{4}-\d{2}\.xlsx$/);
  await checkA11y(page, 'RFK (pimpinan, 390 px)');
  await screenshot(page, 'report-rfk-leader-phone');
});
