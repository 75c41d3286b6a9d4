import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { statSync } from 'node:fs';
import { checkA11y, DEMO_PASSWORD, journey, launchBrowser, newPage, screenshot, submitLogin } from './support.mjs';

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** "1234567.89" → "Rp 1.234.567,89", as the SPA writes a sum (the space is a no-break space). */
function rupiah(/** @type {string} */ value) {
  const text = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    /** @type {any} */ (value),
  );
  return `Rp\u00a0${text}`;
}

journey('the finance officer reads the RFK of the pemda, drills into an OPD for triwulan II, and downloads the workbook of the same figures', async () => {
  const page = await newPage(browser);
  await submitLogin(page, 'keuangan', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Laporan' }).click();
  await page.getByRole('heading', { name: 'Laporan', exact: true }).waitFor();
  await checkA11y(page, 'Laporan');
  await page.getByRole('link', { name: 'Realisasi Fisik dan Keuangan (RFK)' }).click();
  await page.getByRole('heading', { name: 'Realisasi Fisik dan Keuangan (RFK)' }).waitFor();
  await page.waitForFunction(() => document.title === 'Realisasi Fisik dan Keuangan (RFK) · Pagu');

  // the pemda view: one row per OPD, the total is the API's
  const api = await (await page.request.get('/api/reports/rfk/')).json();
  const table = page.getByRole('table', { name: 'Realisasi fisik dan keuangan' });
  await table.waitFor();
  assert.equal(await table.locator('tbody tr').count(), api.rows.length);
  const total = table.locator('tfoot tr');
  assert.ok((await total.textContent())?.includes(rupiah(api.total.pagu)), 'the total row shows the pagu');
  await checkA11y(page, 'RFK (pemda)');

  // one OPD for triwulan II, down to sub kegiatan
  const first = api.rows[0];
  await table.getByRole('link', { name: first.uraian }).click();
  await page.getByLabel('Periode').selectOption({ label: 'Triwulan II' });
  await page.waitForURL(/triwulan=2/);
  const opd = new URL(page.url()).searchParams.get('perangkat_daerah');
  assert.ok(opd, 'the OPD is in the address');
  const scoped = await (await page.request.get(`/api/reports/rfk/?perangkat_daerah=${opd}&triwulan=2`)).json();
  await page.locator('.report-caption', { hasText: scoped.header.periode }).waitFor();
  await page.locator('.report-body[aria-busy="false"]').waitFor();
  await table.locator('tbody tr').nth(scoped.rows.length - 1).waitFor();
  assert.equal(await table.locator('tbody tr').count(), scoped.rows.length);
  assert.ok((await total.textContent())?.includes(rupiah(scoped.total.realisasi)));

  // closing the OPD row hides its tree
  await table.getByRole('button', { name: 'Tutup' }).first().click();
  assert.equal(await table.locator('tbody tr').count(), 1);
  await table.getByRole('button', { name: 'Buka' }).first().click();

  // the workbook is the same report
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Unduh Excel (xlsx)' }).click();
  const file = await download;
  assert.match(file.suggestedFilename(), /^rfk-\d{4}-06\.xlsx$/);
  const path = await file.path();
  assert.ok(path && statSync(path).size > 4000, 'a workbook was written');
  await screenshot(page, 'report-rfk-opd');
});

journey('the inspector finds the planted lem Aibon line at the top of the anomalies and reads the reconciliation', async () => {
  const page = await newPage(browser);
  await submitLogin(page, 'inspektorat', DEMO_PASSWORD);
  await page.getByRole('heading', { name: 'Beranda' }).waitFor();
  await page.goto('/laporan/anomali');
  const table = page.getByRole('table', { name: 'Anomali rincian belanja' });
  await table.waitFor();
  const top = table.locator('tbody tr').first();
  assert.match((await top.getByRole('rowheader').textContent()) ?? '', /Lem Aibon/i);
  await checkA11y(page, 'Anomali');
  await screenshot(page, 'report-anomali');

  await page.goto('/laporan/rekonsiliasi');
  await page.locator('.check').first().waitFor();
  const api = await (await page.request.get('/api/reports/rekonsiliasi/')).json();
  assert.equal(await page.locator('.check').count(), api.checks.length);
  await checkA11y(page, 'Rekonsiliasi');
  await screenshot(page, 'report-rekonsiliasi');
});

journey('LRA, capaian and the stage comparison show their figures', async () => {
  const page = await newPage(browser);
  await submitLogin(page, 'keuangan', DEMO_PASSWORD);
  await page.getByRole('heading', { name: 'Beranda' }).waitFor();

  await page.goto('/laporan/lra');
  const lra = page.getByRole('table', { name: 'Laporan realisasi anggaran' });
  await lra.waitFor();
  const body = await (await page.request.get('/api/reports/lra/')).json();
  assert.equal(await lra.locator('tbody tr').count(), body.rows.length);
  const silpa = body.rows.at(-1);
  assert.ok((await lra.locator('tbody tr').last().textContent())?.includes(rupiah(silpa.anggaran)));
  await checkA11y(page, 'LRA');
  await screenshot(page, 'report-lra');

  await page.goto('/laporan/capaian');
  await page.getByRole('table', { name: 'Capaian indikator kinerja' }).waitFor();
  await checkA11y(page, 'Capaian');
  await screenshot(page, 'report-capaian');

  await page.goto('/laporan/perbandingan');
  await page.getByRole('table', { name: 'Perbandingan tahap' }).waitFor();
  await checkA11y(page, 'Perbandingan');
  await screenshot(page, 'report-perbandingan');
});

journey('the Dinkes bendahara opens the DPA rincian of a sub kegiatan, its anggaran kas, and the evaluasi RKPD of the OPD', async () => {
  const page = await newPage(browser);
  await submitLogin(page, 'bendahara.dinkes', DEMO_PASSWORD);
  await page.getByRole('heading', { name: 'Beranda' }).waitFor();

  await page.goto('/laporan/rincian');
  await page.getByText('Pilih sub kegiatan untuk melihat rinciannya.').waitFor();
  const picker = page.getByLabel('Sub kegiatan');
  await picker.locator('option').nth(1).waitFor({ state: 'attached' });
  const kode = ((await picker.locator('option').nth(1).getAttribute('value')) ?? '').split('|')[1] ?? '';
  await picker.selectOption({ index: 1 });
  await page.waitForURL(new RegExp(`sub_kegiatan=${kode.replace(/\./g, '\\.')}`));
  const lines = page.getByRole('table', { name: 'Rincian belanja' });
  await lines.waitFor();
  const api = await (await page.request.get(`/api/reports/rincian/?sub_kegiatan=${kode}`)).json();
  assert.equal(api.dokumen, 'DPA-SKPD');
  assert.equal(await lines.locator('tbody tr').count(), api.rows.length);
  assert.ok((await lines.locator('tfoot tr').textContent())?.includes(rupiah(api.total.jumlah)));
  await page.getByRole('heading', { name: 'Rencana penarikan dana' }).waitFor();
  await checkA11y(page, 'Rincian belanja');
  await screenshot(page, 'report-rincian');

  await page.goto('/laporan/anggaran-kas');
  const kas = page.getByRole('table', { name: 'Anggaran kas' });
  await kas.waitFor();
  const body = await (await page.request.get('/api/reports/anggaran-kas/')).json();
  assert.ok((await kas.locator('tfoot tr').textContent())?.includes(rupiah(body.total.jumlah)));
  await checkA11y(page, 'Anggaran kas');

  await page.goto('/laporan/evaluasi-rkpd?triwulan=2');
  const evaluasi = page.getByRole('table', { name: 'Evaluasi hasil RKPD' });
  await evaluasi.waitFor();
  const form = await (await page.request.get('/api/reports/evaluasi-rkpd/?triwulan=2')).json();
  const shown = form.rows.length + form.rows.reduce(
    (/** @type {number} */ n, /** @type {{ indikator: unknown[] }} */ r) => n + r.indikator.length,
    0,
  );
  assert.equal(await evaluasi.locator('tbody tr').count(), shown);
  assert.ok((await evaluasi.locator('tfoot tr').textContent())?.includes(rupiah(form.total.realisasi_rp)));
  await checkA11y(page, 'Evaluasi RKPD');
  await screenshot(page, 'report-evaluasi');
});
