import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { checkA11y, DEMO_PASSWORD, journey, launchBrowser, newPage, screenshot, submitLogin } from './support.mjs';

// The rincian sheets as a pemda keeps them (made by fixtures/make_rincian.py): the good one imports 3 lines; the bad
// one is the same sheet with a JUMLAH on row 11 that is not volume × harga.
const GOOD = fileURLToPath(new URL('./fixtures/rincian-benar.xlsx', import.meta.url));
const BAD = fileURLToPath(new URL('./fixtures/rincian-salah.xlsx', import.meta.url));

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let keuangan;
/** The open stage the journey imports into, whether it was closed before, and the Dinkes sub kegiatan it owns. */
let stage = /** @type {{ id: number, tahun: number, tahap_label: string }} */ ({});
let wasClosed = false;
let sub = '';

/**
 * Call the API as the signed-in user, the way the SPA does (session cookie + CSRF header).
 * @param {import('playwright-core').Page} page
 * @param {'get' | 'post' | 'delete'} method
 * @param {string} path
 * @param {Record<string, unknown>} [data]
 */
async function api(page, method, path, data) {
  const cookies = await page.context().cookies();
  const token = cookies.find((cookie) => cookie.name === 'csrftoken')?.value ?? '';
  const response = await page.request.fetch(path, {
    method: method.toUpperCase(),
    data,
    headers: { 'X-CSRFToken': token, Referer: page.url() },
  });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

/** The journey's sub kegiatan lines on its stage. */
async function lines() {
  return (await api(keuangan, 'get', `/api/budget-lines/?anggaran=${stage.id}&sub_kegiatan_kode=${sub}&page_size=1000`))
    .results;
}

async function removeLines() {
  for (const line of await lines()) await api(keuangan, 'delete', `/api/budget-lines/${line.id}/`);
}

before(async () => {
  browser = await launchBrowser();
  // The demo's RKA and APBD are closed and its DPA is an execution stage, so the journey imports into the Pagu RKPD
  // stage of the year (the budget journey's stage; made or reopened here), on the last Dinkes sub kegiatan — not
  // the one the budget journey uses — starting from no lines. It leaves the lines and the stage as it found them.
  keuangan = await newPage(browser);
  await submitLogin(keuangan, 'keuangan', DEMO_PASSWORD);
  await keuangan.getByRole('banner').getByText('Kabupaten Sukamaju').waitFor();
  const dpa = (await api(keuangan, 'get', '/api/anggaran/?tahap=dpa')).results[0];
  assert.ok(dpa, 'the demo has a DPA');
  const tahun = dpa.tahun;
  let found = (await api(keuangan, 'get', `/api/anggaran/?tahun=${tahun}&tahap=rkpd`)).results[0];
  if (!found) {
    found = await api(keuangan, 'post', '/api/anggaran/', { tahun, tahap: 'rkpd', keterangan: 'Pagu RKPD (uji)' });
  } else if (found.status === 'closed') {
    wasClosed = true;
    found = await api(keuangan, 'post', `/api/anggaran/${found.id}/open/`);
  }
  stage = found;
  const opds = (await api(keuangan, 'get', '/api/perangkat-daerah/?page_size=1000')).results;
  const dinkes = opds.find((/** @type {{ singkatan: string }} */ opd) => opd.singkatan === 'Dinkes').id;
  const subs = (await api(keuangan, 'get', `/api/renja-sub-kegiatan/?tahun=${tahun}&perangkat_daerah=${dinkes}`)).results;
  sub = subs.map((/** @type {{ kode: string }} */ s) => s.kode).sort().at(-1);
  await removeLines();
});

after(async () => {
  if (keuangan && stage.id) {
    await removeLines();
    if (wasClosed) await api(keuangan, 'post', `/api/anggaran/${stage.id}/close/`);
  }
  await browser?.close();
});

journey('the Dinkes bendahara imports a rincian sheet: one bad row is listed and nothing changes, then the good sheet fills the grid with volume, satuan and harga', async () => {
  const page = await newPage(browser);
  await submitLogin(page, 'bendahara.dinkes', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Rincian Belanja' }).click();
  await page.getByRole('heading', { name: 'Rincian Belanja' }).waitFor();
  const picker = page.getByRole('group', { name: 'Pilih rincian' });
  await picker.getByLabel('Tahap', { exact: true }).selectOption(String(stage.id));
  const subSelect = picker.getByLabel('Sub kegiatan', { exact: true });
  const option = await subSelect.locator('option', { hasText: sub }).first().getAttribute('value');
  await subSelect.selectOption(option ?? sub);
  await page.getByText('Belum ada rincian pada sub kegiatan ini.').waitFor();

  // the import panel: replace is the default
  await page.getByRole('button', { name: 'Impor rincian' }).click();
  const panel = page.getByRole('region', { name: 'Impor rincian' });
  assert.ok(await panel.getByRole('radio', { name: 'Ganti rincian sub kegiatan ini' }).isChecked());
  await checkA11y(page, 'Impor rincian');

  // a sheet with one bad row: the row, its column and the reason; nothing written
  await panel.getByLabel('Berkas rincian').setInputFiles(BAD);
  await panel.getByRole('button', { name: 'Impor', exact: true }).click();
  const errors = panel.getByRole('region', { name: 'Kesalahan per baris' });
  await errors.waitFor();
  const row = errors.getByRole('row').filter({ hasText: 'JUMLAH' });
  assert.match(await row.innerText(), /^11\s+JUMLAH\s+Jumlah Rp 65\.000,00 tidak sama dengan volume × harga satuan = Rp 60\.000,00\.$/);
  assert.equal(await errors.getByRole('row').count(), 2); // the header and the one bad row
  assert.equal((await lines()).length, 0);
  assert.equal(await page.getByText('Belum ada rincian pada sub kegiatan ini.').count(), 1);
  await checkA11y(page, 'Impor rincian (ditolak)');
  await screenshot(page, 'rincian-import-rejected');

  // the good sheet: the summary, and the grid shows each line's volume, satuan and harga under its kelompok
  await panel.getByLabel('Berkas rincian').setInputFiles(GOOD);
  await panel.getByRole('button', { name: 'Impor', exact: true }).click();
  await panel.getByText(/3 rincian diimpor, jumlah Rp\s985\.000,00 \(mode ganti: 0 rincian lama dihapus\)/).waitFor();
  const saved = await lines();
  assert.equal(saved.length, 3);
  const volume = page.getByRole('textbox', { name: 'Volume 1, Uang harian (uji impor)' });
  await volume.waitFor();
  assert.equal(await volume.inputValue(), '2,5');
  assert.equal(await page.getByRole('textbox', { name: 'Satuan 1, Kertas HVS A4 70 gram (uji impor)' }).inputValue(), 'Rim');
  assert.match(
    await page.getByRole('textbox', { name: 'Harga satuan, Pulpen (uji impor)' }).inputValue(),
    /^(Rp\s)?2\.500(,00)?$/,
  );
  assert.equal(await page.getByRole('textbox', { name: 'Jumlah, Pulpen (uji impor)' }).inputValue(), 'Rp\u00a060.000,00');
  await page.getByText('[#] Penyuluhan Posyandu (uji impor) — Kebutuhan kader').first().waitFor();
  await checkA11y(page, 'Rincian (diimpor)');
  await screenshot(page, 'rincian-import');

  // on a phone the panel and its result still fit
  await page.setViewportSize({ width: 390, height: 844 });
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'rincian-import-phone');
  await page.close();
});
