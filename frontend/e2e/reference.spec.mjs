import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { DEMO_PASSWORD, journey, launchBrowser, newPage, screenshot, submitLogin } from './support.mjs';

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
before(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
  await submitLogin(page, 'bappeda', DEMO_PASSWORD);
  await page.getByRole('banner').getByText('Kabupaten Sukamaju').waitFor();
});
after(async () => {
  await browser?.close();
});

journey('the nomenklatur tree shows roots and expands a node into its children', async () => {
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Referensi' }).click();
  // the bare /referensi opens its first kind
  await page.waitForURL((url) => url.pathname === '/referensi/nomenklatur');
  await page.getByRole('heading', { name: 'Referensi' }).waitFor();

  const tree = page.getByRole('region', { name: 'Pohon Nomenklatur' });
  const urusan = tree.getByRole('button', { name: /^1 URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR/ });
  await urusan.waitFor();
  assert.ok((await tree.getByRole('button', { expanded: false }).count()) >= 2, 'expected several nomenklatur roots');
  const kesehatan = tree.getByRole('button', { name: /^1\.02 URUSAN PEMERINTAHAN BIDANG KESEHATAN/ });
  assert.equal(await kesehatan.count(), 0);

  await urusan.click();

  assert.equal(await urusan.getAttribute('aria-expanded'), 'true');
  await kesehatan.waitFor();
  await kesehatan.click();
  await tree.getByRole('button', { name: /^1\.02\.02 PROGRAM/ }).waitFor();
  await screenshot(page, 'referensi-tree');
});

journey('searching "1.02" lists matching nomenklatur rows', async () => {
  await page.getByLabel('Cari nomenklatur').fill('1.02');

  const results = page.getByRole('table', { name: 'Hasil pencarian Nomenklatur' });
  await results.waitFor();
  await results.getByRole('cell', { name: '1.02', exact: true }).waitFor();
  const rows = await results.getByRole('row').count();
  assert.ok(rows > 1, 'expected search results');
  await screenshot(page, 'referensi-search');
});

journey('the akun and sumber dana tabs show their trees', async () => {
  for (const [tab, tree] of [
    ['Akun', 'Pohon Akun'],
    ['Sumber Dana', 'Pohon Sumber Dana'],
  ]) {
    await page.getByRole('navigation', { name: 'Jenis referensi' }).getByRole('link', { name: tab }).click();
    await page.getByRole('region', { name: tree }).getByRole('listitem').first().waitFor();
  }
});
