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

journey('the Dinkes planner opens the evaluasi Renja of its OPD from the report list, picks triwulan II and downloads the workbook', async () => {
  const page = await newPage(browser);
  await submitLogin(page, 'dinkes', DEMO_PASSWORD);
  await page.getByRole('heading', { name: 'Beranda' }).waitFor();
  await page.goto('/laporan');
  await page.getByRole('link', { name: 'Evaluasi Hasil Renja Perangkat Daerah' }).click();
  await page.getByRole('heading', { name: 'Evaluasi Hasil Renja Perangkat Daerah' }).waitFor();
  await page.getByLabel('s.d. triwulan').selectOption('2');
  await page.waitForURL(/triwulan=2/);

  // the form of the OPD's own Renja: every node and indicator line, the API's total
  const form = page.getByRole('table', { name: 'Evaluasi hasil Renja' });
  await form.waitFor();
  const body = await (await page.request.get('/api/reports/evaluasi-renja/?triwulan=2')).json();
  assert.ok(body.rows.length > 0, 'the Dinkes Renja has rows');
  assert.equal(new Set(body.rows.map((/** @type {{ perangkat_daerah: number }} */ r) => r.perangkat_daerah)).size, 1);
  const shown = body.rows.reduce(
    (/** @type {number} */ n, /** @type {{ indikator: unknown[] }} */ r) => n + 1 + r.indikator.length,
    0,
  );
  assert.equal(await form.locator('tbody tr').count(), shown);
  assert.ok((await form.locator('tfoot tr').textContent())?.includes(rupiah(body.total.pagu_rp)));
  await form.getByRole('columnheader', { name: '(6) Target Renstra akhir periode' }).waitFor();
  await checkA11y(page, 'Evaluasi Renja');
  await screenshot(page, 'report-evaluasi-renja');

  // the workbook of the same filters
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Unduh Excel (xlsx)' }).click();
  const file = await download;
  assert.match(file.suggestedFilename(), /^evaluasi-renja-\d{4}-tw2\.xlsx$/);
  const path = await file.path();
  assert.ok(path && statSync(path).size > 4000, 'a workbook was written');

  // another OPD is not this user's: the API answers 404
  const other = await page.request.get('/api/reports/evaluasi-renja/?triwulan=2&perangkat_daerah=999999');
  assert.equal(other.status(), 404);
});
