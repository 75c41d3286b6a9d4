import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { checkA11y, DEMO_PASSWORD, journey, launchBrowser, newPage, screenshot, submitLogin } from './support.mjs';

/** @type {import('playwright-core').Browser} */
let browser;
// Reviewed proposals can no longer be deleted, so each run reviews three proposals of its own, entered by the
// second Bappeda user (whoever enters a proposal never reviews it) in the kecamatan 99.01.04, marked by the run.
const MARK = `uji jurnal ${Date.now().toString(36)}`;
const KECAMATAN = '99.01.04';
/** @type {number[]} */
let ids = [];

/**
 * Call the API as the signed-in user, the way the SPA does (session cookie + CSRF header).
 * @param {import('playwright-core').Page} page
 * @param {'get' | 'post'} method
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
  return response.json();
}

before(async () => {
  browser = await launchBrowser();
  const kabid = await newPage(browser);
  await submitLogin(kabid, 'kabid.bappeda', DEMO_PASSWORD);
  await kabid.getByRole('banner').getByText('Kabupaten Sukamaju').waitFor();
  const me = await api(kabid, 'get', '/api/auth/me/');
  const tahun = (await api(kabid, 'get', '/api/usulan/?page_size=1')).results[0]?.tahun ?? new Date().getFullYear();
  const opds = (await api(kabid, 'get', '/api/perangkat-daerah/?page_size=1000')).results;
  const dinkes = opds.find((/** @type {{ singkatan: string }} */ opd) => opd.singkatan === 'Dinkes').id;
  assert.ok(me.pemda);
  for (const [n, uraian] of [
    [1, `Pembangunan talud penahan tanah (${MARK})`],
    [2, `Pengadaan timbangan bayi posyandu (${MARK})`],
    [3, `Penyuluhan gizi seimbang ibu hamil (${MARK})`],
  ]) {
    const created = await api(kabid, 'post', '/api/usulan/', {
      tahun,
      jenis: 'musrenbang',
      pengusul_jenis: 'desa',
      pengusul_nama: 'Desa Margaluyu',
      lokasi: `${KECAMATAN}.2002`,
      permasalahan: 'Usulan warga pada musrenbang desa',
      uraian,
      perangkat_daerah: dinkes,
      volume: '1',
      satuan: 'paket',
      perkiraan_biaya: String(50_000_000 * Number(n)),
      prioritas: n,
    });
    ids.push(created.id);
  }
  await kabid.close();
});

after(async () => {
  await browser?.close();
});

journey('Bappeda filters the proposals of a kecamatan, rejects one with a reason and accepts two at once', async () => {
  const page = await newPage(browser);
  await submitLogin(page, 'bappeda', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Usulan Musrenbang & Pokir' }).click();
  await page.getByRole('heading', { name: 'Usulan Musrenbang dan Pokir' }).waitFor();
  await page.getByRole('table').waitFor();
  await checkA11y(page, 'Usulan');

  // the demo's Renja entries are links
  await page.getByRole('link', { name: /Pembangunan Puskesmas/ }).first().waitFor();

  // filter: Musrenbang, kecamatan 99.01.04, the run's words
  await page.locator('.usulan-source label', { hasText: /^Musrenbang$/ }).click();
  await page.getByLabel('Wilayah (kode)').fill(KECAMATAN);
  await page.getByLabel('Cari').fill(MARK);
  const rows = page.getByRole('row').filter({ hasText: MARK });
  await page.waitForFunction(() => /lokasi=99\.01\.04/.test(globalThis.location.search) && /jenis=musrenbang/.test(globalThis.location.search));
  await page.waitForFunction(() => document.querySelectorAll('.usulan-table tbody tr').length === 3);
  assert.equal(await rows.count(), 3);
  for (const cell of await page.locator('tbody td.code').allInnerTexts()) assert.ok(cell.startsWith(KECAMATAN), cell);

  // reject the first one with a reason, in its detail
  await page.getByRole('button', { name: `Pembangunan talud penahan tanah (${MARK})` }).click();
  const detail = page.getByRole('dialog', { name: 'Rincian usulan' });
  await detail.getByText('Desa Margaluyu (Desa/Kelurahan)').waitFor();
  await detail.locator('label', { hasText: /^Tolak$/ }).click();
  await detail.getByRole('textbox', { name: /Alasan penolakan/ }).fill('Lokasi rawan longsor: ditangani BPBD');
  await checkA11y(page, 'Rincian usulan');
  await detail.getByRole('button', { name: 'Simpan keputusan' }).click();
  await detail.waitFor({ state: 'detached' });
  const rejected = rows.filter({ hasText: 'Pembangunan talud' });
  await rejected.getByText('Ditolak').waitFor();
  await rejected.getByText('Lokasi rawan longsor: ditangani BPBD').waitFor();

  // accept the other two at once
  await page.getByRole('checkbox', { name: `Pilih Pengadaan timbangan bayi posyandu (${MARK})` }).check();
  await page.getByRole('checkbox', { name: `Pilih Penyuluhan gizi seimbang ibu hamil (${MARK})` }).check();
  await page.getByText('2 usulan dipilih').waitFor();
  await page.getByRole('button', { name: 'Terima terpilih' }).click();
  const bulk = page.getByRole('dialog', { name: 'Terima 2 usulan' });
  await checkA11y(page, 'Terima usulan terpilih');
  await bulk.getByRole('button', { name: 'Terima semua' }).click();
  await bulk.waitFor({ state: 'detached' });
  for (const name of ['Pengadaan timbangan', 'Penyuluhan gizi']) {
    await rows.filter({ hasText: name }).getByText('Diterima').waitFor();
  }
  const listed = await api(page, 'get', `/api/usulan/?q=${encodeURIComponent(MARK)}`);
  assert.deepEqual(
    listed.results.map((/** @type {{ id: number, keputusan: string }} */ row) => [row.id, row.keputusan]).sort(),
    [
      [ids[0], 'ditolak'],
      [ids[1], 'diterima'],
      [ids[2], 'diterima'],
    ].sort(),
  );
  await checkA11y(page, 'Usulan (dibahas)');
  await screenshot(page, 'usulan');

  // on a phone the page does not overflow sideways
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('heading', { name: 'Usulan Musrenbang dan Pokir' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `horizontal overflow ${overflow}px`);
  await screenshot(page, 'usulan-phone');
  await page.close();
});
