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

/** @param {import('playwright-core').Page} page */
async function logout(page) {
  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.getByRole('heading', { name: 'Masuk' }).waitFor();
}

journey('a Bappeda planner revises the RPJMD, adds a sasaran with an indicator and yearly targets, the Kabid verifies it, the leader approves it and it shows in the cascade', async () => {
  const page = await newPage(browser);
  const uraian = `Meningkatnya cakupan air minum layak (uji ${Date.now()})`;

  // the planner opens the approved RPJMD and starts a revision
  await submitLogin(page, 'bappeda', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'RPJMD' }).click();
  await page.getByRole('heading', { name: /^RPJMD \d{4}–\d{4}$/ }).waitFor();
  assert.match(await page.title(), /^RPJMD \d{4}–\d{4} · Pagu$/);
  const revise = page.getByRole('button', { name: 'Buat revisi' });
  await revise.or(page.getByText('Draf', { exact: true })).first().waitFor();
  await checkA11y(page, 'RPJMD (approved)');
  if (await revise.isVisible()) {
    await revise.click();
    // a revision copies the whole document with its indicators: allow for a busy server
    await page.getByText(/Revisi \d+ dibuat sebagai draf/).waitFor({ timeout: 60_000 });
  }
  await page.locator('.status-badge', { hasText: 'Draf' }).waitFor();

  // adds a sasaran under the first tujuan
  await page.getByRole('button', { name: '+ Tambah sasaran' }).first().click();
  await page.getByLabel('Uraian sasaran baru').fill(uraian);
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  await page.getByRole('button', { name: uraian }).waitFor();

  // gives it an indicator with a baseline, a target for every year of the period and the final target
  await page.getByRole('button', { name: 'Tambah indikator' }).click();
  const grid = page.getByRole('table', { name: /^Indikator Sasaran/ });
  await grid.getByLabel('Indikator, indikator baru 1').fill('Persentase rumah tangga dengan air minum layak');
  const name = 'Persentase rumah tangga dengan air minum layak';
  await grid.getByLabel(`Satuan, ${name}`).fill('persen');
  await grid.getByLabel(`IKU, ${name}`).check();
  await grid.getByLabel(`Baseline, ${name}`).fill('61,5');
  const years = await grid.getByRole('columnheader', { name: /^Target \d{4}$/ }).allInnerTexts();
  assert.equal(years.length, 5, `a five-year period, got ${years.join(', ')}`);
  for (const [i, header] of years.entries()) {
    await grid.getByLabel(`${header}, ${name}`).fill(`${65 + i * 5},5`);
  }
  await grid.getByLabel(`Target akhir, ${name}`).fill('85,5');
  await page.getByRole('button', { name: 'Simpan indikator' }).click();
  await page.getByText('1 indikator disimpan.').waitFor();
  // the saved row comes back from the server in id-ID
  await grid.getByLabel(`Baseline, ${name}`).and(page.locator('[value="61,5"]')).waitFor();
  await checkA11y(page, 'RPJMD (draft with the new sasaran)');
  await screenshot(page, 'rpjmd-draft');

  // submits it, and is told that someone else must verify it
  await page.getByRole('button', { name: 'Ajukan' }).click();
  await page.locator('.status-badge', { hasText: 'Diajukan' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Verifikasi' }).isDisabled(), true);
  await page.getByRole('note').getByText(/maker-checker/).waitFor();
  await screenshot(page, 'rpjmd-submitted-by-maker');
  await logout(page);

  // the Kabid verifies it
  await submitLogin(page, 'kabid.bappeda', DEMO_PASSWORD);
  await page.getByRole('banner').getByText('Kabupaten Sukamaju').waitFor();
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'RPJMD' }).click();
  await page.getByRole('button', { name: 'Verifikasi' }).click();
  await page.locator('.status-badge', { hasText: 'Terverifikasi' }).waitFor();
  await logout(page);

  // the leader approves it
  await submitLogin(page, 'bupati', DEMO_PASSWORD);
  await page.getByRole('banner').getByText('Pimpinan', { exact: true }).waitFor();
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'RPJMD' }).click();
  await page.getByRole('button', { name: 'Setujui' }).click();
  await page.locator('.status-badge', { hasText: 'Disetujui (terkunci)' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '+ Tambah sasaran' }).count(), 0);

  // and it is in the pohon kinerja, with its indicator
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Pohon Kinerja' }).click();
  await page.getByRole('heading', { name: /^Pohon Kinerja \d{4}$/ }).waitFor();
  await page.getByLabel('Cari kode atau uraian').fill('air minum layak (uji');
  const node = page.locator('.plan-node-row', { hasText: uraian });
  await node.waitFor();
  await node.getByText(/Persentase rumah tangga dengan air minum layak: target \d{4} \d+,5 persen \(akhir 85,5\)/).waitFor();
  await checkA11y(page, 'Pohon kinerja');
  await screenshot(page, 'rpjmd-approved-in-cascade');
  await page.context().close();
});
