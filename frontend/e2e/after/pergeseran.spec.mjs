// Runs after the other journeys (package.json "e2e"): applying a shift makes its result the stage in force, which
// the journeys before it do not expect.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { checkA11y, DEMO_PASSWORD, journey, launchBrowser, newPage, screenshot, submitLogin } from '../support.mjs';

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

journey('TAPD drafts an APBD-P adding a line, a second person approves it, TAPD applies it and the DPPA shows the line added', async () => {
  const page = await newPage(browser);
  const uraian = `Perubahan APBD: tambahan reagen laboratorium (uji ${Date.now()})`;
  const komponen = `Reagen laboratorium TB (uji ${Date.now()})`;

  // TAPD drafts the change on the DPA
  await submitLogin(page, 'keuangan', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Pergeseran' }).click();
  await page.getByRole('heading', { name: /^Pergeseran Anggaran \d{4}$/ }).waitFor();
  const draft = page.getByRole('region', { name: 'Pergeseran baru' });
  await draft.getByLabel('Jenis').selectOption({ label: 'Perubahan APBD' });
  await draft.getByLabel('Alasan pergeseran').fill(uraian);

  // a new line under a Dinas Kesehatan sub kegiatan
  await draft.getByLabel('Perangkat daerah').selectOption({ label: 'Dinas Kesehatan' });
  const form = draft.getByRole('group', { name: 'Rincian baru' });
  const subKegiatan = form.getByLabel('Sub kegiatan');
  await subKegiatan.locator('option').nth(1).waitFor({ state: 'attached' });
  await subKegiatan.selectOption({ index: 1 });
  await form.getByLabel('Cari akun').fill('kimia');
  const akun = form.getByLabel(/^Akun/);
  await akun.locator('option').nth(1).waitFor({ state: 'attached' });
  await akun.selectOption({ index: 1 });
  const sumber = form.getByLabel('Sumber dana');
  await sumber.locator('option').nth(1).waitFor({ state: 'attached' });
  await sumber.selectOption({ index: 1 });
  await form.getByLabel('Komponen').fill(komponen);
  await form.getByLabel('Volume').fill('10');
  await form.getByLabel('Satuan', { exact: true }).fill('Paket');
  await form.getByLabel('Harga satuan').fill('1.250.000');
  await form.getByRole('button', { name: 'Tambahkan rincian baru' }).click();
  await checkA11y(page, 'Pergeseran baru');
  await draft.getByRole('button', { name: 'Buat draf' }).click();
  const detail = page.getByRole('region', { name: /^Pergeseran #\d+/ });
  await detail.waitFor();
  const row = detail.getByRole('table', { name: 'Rincian yang digeser' }).locator('tbody tr', { hasText: komponen });
  await row.getByText('Rp\u00a012.500.000,00').first().waitFor();
  // the maker may not approve it
  assert.ok(await detail.getByRole('button', { name: 'Setujui' }).isDisabled());
  const id = Number((await detail.getByRole('heading').textContent())?.match(/#(\d+)/)?.[1]);
  await logout(page);

  // the administrator approves it as the second person
  await submitLogin(page, 'admin', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Menu utama' }).waitFor();
  await page.goto('/pergeseran');
  await page.getByRole('button', { name: `#${id}`, exact: true }).click();
  await page.getByRole('region', { name: new RegExp(`^Pergeseran #${id}`) }).getByRole('button', { name: 'Setujui' }).click();
  await page.getByText('Pergeseran disetujui.').waitFor();
  await logout(page);

  // TAPD locks the DPA (the shift is applied into a new stage copied from it) and applies the shift: the APBD-P is
  // the result, and its comparison with the DPA lists the new line as added
  await submitLogin(page, 'keuangan', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Menu utama' }).waitFor();
  await page.goto('/tahapan');
  const dpa = page.getByRole('table', { name: 'Tahapan anggaran' }).locator('tbody tr', {
    has: page.getByRole('rowheader', { name: /^DPA/ }),
  });
  await dpa.getByRole('button', { name: 'Kunci' }).click();
  await page.getByRole('dialog', { name: /^Kunci DPA/ }).getByRole('button', { name: 'Kunci tahap' }).click();
  await dpa.getByText('Terkunci').waitFor();
  await page.goto('/pergeseran');
  await page.getByRole('button', { name: `#${id}`, exact: true }).click();
  const approved = page.getByRole('region', { name: new RegExp(`^Pergeseran #${id}`) });
  await approved.getByRole('button', { name: 'Terapkan' }).click();
  await page.getByText('Pergeseran diterapkan.').waitFor();
  await approved.getByRole('link', { name: 'Lihat sebelum / sesudah (DPPA)' }).click();
  const table = page.getByRole('table', { name: 'Perbandingan tahap' });
  await table.waitFor();
  const added = table.locator('tbody tr', { hasText: komponen });
  await added.getByText('Ditambah').waitFor();
  assert.ok((await added.textContent())?.includes('Rp\u00a012.500.000,00'));
  await checkA11y(page, 'DPPA (perbandingan)');
  await screenshot(page, 'pergeseran-dppa');
});
