import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { checkA11y, DEMO_PASSWORD, journey, launchBrowser, newPage, screenshot, submitLogin } from './support.mjs';

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let keuangan;
/** The open stage the journey edits, its year, the Dinkes OPD and the sub kegiatan. */
let stage = /** @type {{ id: number, tahun: number, tahap_label: string }} */ ({});
let dinkes = 0;
let sub = '';
const PLAFON = '1000000.00';

/** "1234567.89" → "Rp 1.234.567,89", as the SPA writes a sum (the space is a no-break space). */
function rupiah(/** @type {string} */ value) {
  const text = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    /** @type {any} */ (value),
  );
  return `Rp\u00a0${text}`;
}

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

before(async () => {
  browser = await launchBrowser();
  // The demo's KUA-PPAS, RKA and APBD are closed and its DPA is an execution stage (lines change only through a
  // pergeseran), so TAPD opens a Pagu RKPD stage of the year for the journey, with a ceiling on one Dinkes sub
  // kegiatan; a re-run reopens it and starts from no lines.
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
    found = await api(keuangan, 'post', `/api/anggaran/${found.id}/open/`);
  }
  stage = found;
  const opds = (await api(keuangan, 'get', '/api/perangkat-daerah/?page_size=1000')).results;
  dinkes = opds.find((/** @type {{ singkatan: string }} */ opd) => opd.singkatan === 'Dinkes').id;
  const subs = (await api(keuangan, 'get', `/api/renja-sub-kegiatan/?tahun=${tahun}&perangkat_daerah=${dinkes}`)).results;
  sub = subs.map((/** @type {{ kode: string }} */ s) => s.kode).sort()[0];
  for (const line of (await api(keuangan, 'get', `/api/budget-lines/?anggaran=${stage.id}&page_size=1000`)).results) {
    await api(keuangan, 'delete', `/api/budget-lines/${line.id}/`);
  }
  const plafon = (await api(keuangan, 'get', `/api/plafon/?anggaran=${stage.id}&sub_kegiatan_kode=${sub}`)).results;
  if (plafon.length === 0) {
    await api(keuangan, 'post', '/api/plafon/', {
      anggaran: stage.id,
      perangkat_daerah: dinkes,
      sub_kegiatan_kode: sub,
      jumlah: PLAFON,
      mode: 'refuse',
    });
  }
});

after(async () => {
  await browser?.close();
});

journey("the bendahara adds an SSH line and sees the server's jumlah, is refused over the plafon on the row, and the grid turns read-only when TAPD closes the stage", async () => {
  const page = await newPage(browser);
  await submitLogin(page, 'bendahara.dinkes', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Rincian Belanja' }).click();
  await page.getByRole('heading', { name: 'Rincian Belanja' }).waitFor();

  // the open stage and a Dinkes sub kegiatan (an OPD user gets no OPD choice)
  const picker = page.getByRole('group', { name: 'Pilih rincian' });
  await picker.getByLabel('Tahap', { exact: true }).selectOption(String(stage.id));
  assert.equal(await picker.getByLabel('Perangkat daerah', { exact: true }).count(), 0);
  const subSelect = picker.getByLabel('Sub kegiatan', { exact: true });
  const option = await subSelect.locator('option', { hasText: sub }).first().getAttribute('value');
  await subSelect.selectOption(option ?? sub);
  await page.waitForURL(new RegExp(`sub=${sub.replace(/\./g, '\\.')}`));
  await page.getByText('Belum ada rincian pada sub kegiatan ini.').waitFor();
  const plafonTable = page.getByRole('table', { name: 'Plafon' });
  await plafonTable.getByText(rupiah(PLAFON)).first().waitFor();
  await checkA11y(page, 'Rincian (kosong)');

  // an SSH item: search, pick, volume → a new row; saving shows the jumlah the server computed
  await page.getByRole('button', { name: 'Tambah dari SSH / SBU' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Uraian, spesifikasi atau kode kelompok').fill('kertas');
  await dialog.getByRole('button', { name: /Kertas HVS/ }).first().click();
  await dialog.getByLabel(/Volume/).fill('10');
  await checkA11y(page, 'Dialog standar harga');
  await dialog.getByRole('button', { name: 'Tambahkan ke rincian' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Simpan rincian' }).click();
  await page.getByText('1 rincian disimpan.').waitFor();
  const lines = (await api(page, 'get', `/api/budget-lines/?anggaran=${stage.id}&sub_kegiatan_kode=${sub}`)).results;
  assert.equal(lines.length, 1);
  const [saved] = lines;
  const jumlah = page.getByRole('textbox', { name: `Jumlah, ${saved.komponen}` });
  await jumlah.waitFor();
  assert.equal(await jumlah.inputValue(), rupiah(saved.jumlah));
  // the ceiling's use follows the save
  await plafonTable.getByText(rupiah(saved.jumlah)).waitFor();

  // a line that takes the sub kegiatan over its plafon is refused on its row and not written
  await page.getByRole('button', { name: 'Tambah dari SSH / SBU' }).click();
  await dialog.getByLabel('Uraian, spesifikasi atau kode kelompok').fill('kertas');
  await dialog.getByRole('button', { name: /Kertas HVS/ }).first().click();
  await dialog.getByLabel(/Volume/).fill('100');
  await dialog.getByRole('button', { name: 'Tambahkan ke rincian' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Simpan rincian' }).click();
  const refused = page.getByRole('textbox', { name: /^Jumlah, / }).nth(1);
  await page.locator('.cell-error', { hasText: 'terlampaui' }).waitFor();
  assert.equal(await refused.getAttribute('aria-invalid'), 'true');
  assert.equal(
    (await api(page, 'get', `/api/budget-lines/?anggaran=${stage.id}&sub_kegiatan_kode=${sub}`)).results.length,
    1,
  );
  await checkA11y(page, 'Rincian (ditolak)');
  await screenshot(page, 'budget-rincian');

  // TAPD closes the stage: the grid reads only, and says why
  await api(keuangan, 'post', `/api/anggaran/${stage.id}/close/`);
  await page.reload();
  await page.getByText(/Hanya baca: Tahap .* sudah dikunci/).waitFor();
  assert.ok(await page.getByRole('textbox', { name: `Volume 1, ${saved.komponen}` }).isDisabled());
  assert.equal(await page.getByRole('button', { name: 'Simpan rincian' }).count(), 0);
  await checkA11y(page, 'Rincian (dikunci)');
  await screenshot(page, 'budget-rincian-locked');

  // the DPA's anggaran kas of a sub kegiatan, against each line's DPA amount, and the OPD's monthly totals
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Anggaran Kas' }).click();
  await page.getByRole('heading', { name: 'Anggaran Kas' }).waitFor();
  await page.getByRole('table', { name: /Total perangkat daerah/ }).waitFor();
  await subSelect.selectOption(option ?? sub);
  await page.getByRole('table', { name: 'Anggaran kas per rincian' }).waitFor();
  await page.locator('.cell-actions .badge').first().waitFor();
  await checkA11y(page, 'Anggaran kas');
  await screenshot(page, 'budget-kas');
  await page.close();
});
