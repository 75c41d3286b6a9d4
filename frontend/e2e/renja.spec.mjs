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

/** @param {import('playwright-core').Page} page */
async function openRenja(page) {
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Renja' }).click();
}

const SUB = '1.02.02.2.01.0003';
const INDICATOR = 'Jumlah Fasilitas Kesehatan Lainnya yang Dibangun';
/** "Rp 1.234.567,89" → 123456789n (sen) @param {string} text */
const sen = (text) => BigInt(text.replace(/[^\d]/g, ''));

journey('the Dinkes planner adds a sub kegiatan found in the nomenclature to its Renja, with a pagu and a target, sees the program total change and submits; Bappeda verifies it and returns it with a note', async () => {
  const page = await newPage(browser);

  // the OPD planner opens its own Renja for the year (approved in the demo: it opens a revision)
  await submitLogin(page, 'dinkes', DEMO_PASSWORD);
  await openRenja(page);
  await page.getByRole('heading', { name: 'Renja Dinkes 2026' }).waitFor();
  assert.equal(await page.getByLabel('Perangkat daerah').count(), 0, 'an OPD planner gets its own OPD');
  const revise = page.getByRole('button', { name: 'Buat revisi' });
  await revise.or(page.locator('.status-badge', { hasText: 'Draf' })).first().waitFor();
  await checkA11y(page, 'Renja (as found)');
  if (await revise.isVisible()) {
    await revise.click();
    await page.getByText(/Revisi \d+ dibuat sebagai draf/).waitFor({ timeout: 60_000 });
  }
  await page.locator('.status-badge', { hasText: 'Draf' }).waitFor();
  const programTotal = page.getByLabel('Total program 1.02.02');
  await programTotal.waitFor();
  // a rerun finds the row of the last run: take it out first
  const leftover = page.getByRole('button', { name: `Hapus sub kegiatan ${SUB}` });
  if (await leftover.count()) {
    await leftover.click();
    await leftover.waitFor({ state: 'detached' });
  }
  const before = sen(await programTotal.innerText());

  // adds a sub kegiatan under the kegiatan 1.02.02.2.01, found by words of its name
  await page.getByRole('button', { name: 'Tambah sub kegiatan di 1.02.02.2.01' }).click();
  await page.getByLabel('Cari sub kegiatan').fill('fasilitas lainnya');
  const option = page.getByRole('list', { name: 'Pilihan sub kegiatan' }).getByRole('button', { name: new RegExp(SUB) });
  await option.waitFor();
  await checkA11y(page, 'Renja code picker');
  await option.click();
  const form = page.getByRole('form', { name: `Rincian sub kegiatan ${SUB}` });
  await form.waitFor();

  // gives it a pagu indikatif, a sumber dana, months and a location
  await form.getByLabel('Pagu indikatif (Rp)').fill('250.000.000');
  const dana = await form.getByLabel('Sumber dana').locator('option').allInnerTexts();
  await form.getByLabel('Sumber dana').selectOption({ label: dana.find((label) => /Dana Alokasi Umum/i.test(label)) ?? dana[1] });
  await form.getByLabel('Mulai').selectOption({ label: 'Maret' });
  await form.getByLabel('Selesai').selectOption({ label: 'November' });
  await form.getByLabel('Lokasi: uraian').fill('Seluruh puskesmas kecamatan');
  await form.getByLabel('Prioritas daerah').check();
  await form.getByRole('button', { name: 'Simpan sub kegiatan' }).click();
  await page.getByText(`Sub kegiatan ${SUB} disimpan.`).waitFor();

  // and sees the program total grow by exactly that pagu
  const expected = before + 25_000_000_000n;
  await page.waitForFunction(
    ([label, want]) => {
      const text = document.querySelector(`[aria-label="${label}"]`)?.textContent ?? '';
      return text.replace(/[^\d]/g, '') === want;
    },
    ['Total program 1.02.02', String(expected)],
  );

  // one indicator: the nomenclature's own, with a target for the year
  await page.getByRole('button', { name: 'Tambah indikator' }).click();
  const grid = page.getByRole('table', { name: `Indikator ${SUB}` });
  await grid.getByLabel(`Target 2026, ${INDICATOR}`).fill('3');
  await page.getByRole('button', { name: 'Simpan indikator' }).click();
  await page.getByText('1 indikator disimpan.').waitFor();
  await grid.getByLabel(`Target 2026, ${INDICATOR}`).and(page.locator('[value="3"]')).waitFor();
  await checkA11y(page, 'Renja (draft with the new sub kegiatan)');
  await screenshot(page, 'renja-draft');

  // submits it: the contents lock, with the reason
  await page.getByRole('button', { name: 'Ajukan' }).click();
  await page.locator('.status-badge', { hasText: 'Diajukan' }).waitFor();
  await page.getByText(/sudah diajukan dan sedang diperiksa Bappeda/).waitFor();
  assert.equal(await page.getByRole('button', { name: /^Tambah sub kegiatan/ }).count(), 0);
  assert.equal(await form.getByLabel('Pagu indikatif (Rp)').isDisabled(), true);
  await logout(page);

  // the Kabid Bappeda picks Dinkes and verifies it
  await submitLogin(page, 'kabid.bappeda', DEMO_PASSWORD);
  await page.getByRole('banner').getByText('Kabupaten Sukamaju').waitFor();
  await openRenja(page);
  const opd = page.getByLabel('Perangkat daerah');
  await opd.locator('option', { hasText: 'Dinas Kesehatan' }).first().waitFor({ state: 'attached' });
  const dinkes = (await opd.locator('option').allInnerTexts()).find((label) => /Dinas Kesehatan$/.test(label));
  await opd.selectOption({ label: dinkes });
  await page.locator('.status-badge', { hasText: 'Diajukan' }).waitFor();
  await page.getByRole('button', { name: 'Verifikasi' }).click();
  await page.locator('.status-badge', { hasText: 'Terverifikasi' }).waitFor();

  // and, on a second look, returns it with a note
  await page.getByRole('button', { name: 'Kembalikan' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Kembalikan' }).click();
  await dialog.getByText('Catatan wajib diisi saat mengembalikan dokumen.').waitFor();
  await dialog.getByLabel('Catatan untuk perencana OPD').fill('Lengkapi lokasi dengan kode kecamatan.');
  await dialog.getByRole('button', { name: 'Kembalikan' }).click();
  await page.locator('.status-badge', { hasText: 'Draf' }).waitFor();
  await page.getByText('Catatan verifikator: Lengkapi lokasi dengan kode kecamatan.').waitFor();
  await checkA11y(page, 'Renja (returned, as Bappeda)');
  await screenshot(page, 'renja-returned');

  // the workbook downloads; sent back as it is, its rows are already in the Renja and every one is listed
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Unduh Renja (.xlsx)' }).click();
  const workbook = await (await download).path();
  assert.ok(workbook, 'the export downloads');
  await page.getByLabel('Berkas sub kegiatan (.xlsx atau .csv)').setInputFiles(workbook);
  await page.getByRole('button', { name: 'Impor' }).click();
  const problems = page.getByRole('table', { name: 'Kesalahan per baris' });
  await problems.or(page.getByText(/sub kegiatan diimpor/)).first().waitFor({ timeout: 60_000 });
  await checkA11y(page, 'Renja import result');
  await screenshot(page, 'renja-import');

  // a narrow screen still reads
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('link', { name: 'Unduh Renja (.xlsx)' }).waitFor();
  await screenshot(page, 'renja-narrow');
  await page.context().close();
});
