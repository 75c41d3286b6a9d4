import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { checkA11y, DEMO_PASSWORD, journey, launchBrowser, newPage, screenshot, submitLogin } from './support.mjs';

// The OPD lists made by fixtures/make_opd.py: the good one holds 2 OPD and 1 sub unit under codes no other journey
// uses; the bad one is the same list with an incomplete code on row 5.
const GOOD = fileURLToPath(new URL('./fixtures/opd-benar.xlsx', import.meta.url));
const BAD = fileURLToPath(new URL('./fixtures/opd-salah.xlsx', import.meta.url));

/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

journey('the admin adds a user, sees the one bad row of an OPD list with nothing imported, then imports the good list', async () => {
  const page = await newPage(browser);
  await submitLogin(page, 'admin', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Administrasi' }).click();
  await page.getByRole('heading', { name: 'Administrasi', level: 1 }).waitFor();
  const users = page.getByRole('region', { name: 'Pengguna' });
  await users.getByRole('table').waitFor();

  // a new user; a name of this run's own, deactivated at the end, so the journey can run again
  const username = `pimpinan.uji${Date.now() % 100000}`;
  const form = page.getByRole('form', { name: 'Tambah pengguna' });
  await form.getByLabel('Nama pengguna').fill(username);
  await form.getByLabel('Kata sandi awal').fill('12345');
  await form.getByRole('button', { name: 'Tambah pengguna' }).click();
  // a weak password: the server's reason under the field
  await form.getByText(/kata sandi/i).first().waitFor();
  await form.getByLabel('Kata sandi awal').fill('Sukamaju-Uji-2026');
  await form.getByRole('button', { name: 'Tambah pengguna' }).click();
  await form.getByText(`Pengguna ${username} ditambahkan.`).waitFor();
  const row = users.getByRole('row').filter({ hasText: username });
  await row.waitFor();
  assert.match(await row.innerText(), /Pimpinan/);
  await checkA11y(page, 'Administrasi');

  // the OPD list with one bad row: the row, its column and the reason; nothing imported
  const panel = page.getByRole('region', { name: 'Impor daftar perangkat daerah' });
  await panel.getByLabel('Berkas daftar OPD').setInputFiles(BAD);
  await panel.getByRole('button', { name: 'Impor', exact: true }).click();
  const errors = panel.getByRole('region', { name: 'Kesalahan per baris' });
  await errors.waitFor();
  assert.equal(await errors.getByRole('row').count(), 2); // the header and the one bad row
  assert.match(await errors.getByRole('row').nth(1).innerText(), /^5\s+KODE\s+'2\.21\.01' bukan kode perangkat daerah/);
  const before = await page.request.get('/api/perangkat-daerah/?q=uji impor');
  const imported = (await before.json()).count;
  await checkA11y(page, 'Impor daftar OPD (ditolak)');
  await screenshot(page, 'admin-opd-rejected');

  // the good list: the summary; the units are in the pemda's OPD list
  await panel.getByLabel('Berkas daftar OPD').setInputFiles(GOOD);
  await panel.getByRole('button', { name: 'Impor', exact: true }).click();
  await panel.getByText(/Daftar perangkat daerah diimpor: 2 OPD dan 1 sub unit/).waitFor();
  const after = await (await page.request.get('/api/perangkat-daerah/?q=uji impor')).json();
  assert.equal(after.count, 3);
  assert.ok(imported === 0 || imported === 3, 'the rejected list imported nothing');
  await checkA11y(page, 'Impor daftar OPD');
  await screenshot(page, 'admin');

  // on a phone the screen fits its width
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page overflows by ${overflow}px at 390 px`);
  await screenshot(page, 'admin-phone');

  // the user is deactivated again
  await page.setViewportSize({ width: 1366, height: 820 });
  await row.getByRole('button', { name: `Nonaktifkan ${username}` }).click();
  await row.getByText('Nonaktif', { exact: true }).waitFor();
  await page.close();
});
