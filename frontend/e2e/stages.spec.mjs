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

/** "1234567.89" → "Rp 1.234.567,89" (a no-break space after Rp). */
function rupiah(/** @type {string} */ value) {
  const text = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    /** @type {any} */ (value),
  );
  return text.startsWith('-') ? `-Rp\u00a0${text.slice(1)}` : `Rp\u00a0${text}`;
}

journey('TAPD reads the stages with their totals, closes one OPD of the open DPA and reopens it, then locks the DPA and reopens it', async () => {
  const page = await newPage(browser);
  await submitLogin(page, 'keuangan', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Tahapan Anggaran' }).click();
  const table = page.getByRole('table', { name: 'Tahapan anggaran' });
  await table.waitFor();

  // every stage with the server's totals
  const api = await (await page.request.get('/api/anggaran/?tahun=2026')).json();
  assert.equal(await table.locator('tbody tr').count(), api.results.length);
  const dpa = api.results.find((/** @type {{ tahap: string }} */ stage) => stage.tahap === 'dpa');
  const row = table.locator('tbody tr', { has: page.getByRole('rowheader', { name: /^DPA/ }) });
  assert.ok((await row.textContent())?.includes(rupiah(dpa.ringkasan.belanja)), 'the DPA belanja is shown');
  assert.ok((await row.textContent())?.includes(rupiah(dpa.ringkasan.surplus_defisit)));
  await checkA11y(page, 'Tahapan anggaran');

  // one OPD closed on its own, then reopened
  const locks = page.getByRole('table', { name: 'Kunci per perangkat daerah' });
  const dinkes = locks.locator('tr', { hasText: 'Dinas Kesehatan' });
  await dinkes.getByRole('button', { name: 'Tutup Dinas Kesehatan' }).click();
  await dinkes.getByText('Ditutup').waitFor();
  await dinkes.getByRole('button', { name: 'Buka Dinas Kesehatan' }).click();
  await dinkes.getByText('Terbuka').waitFor();

  // the whole DPA locked after confirming; being the last stage, it can be copied onward or reopened
  await row.getByRole('button', { name: 'Kunci' }).click();
  const dialog = page.getByRole('dialog', { name: /^Kunci DPA/ });
  await dialog.getByRole('button', { name: 'Kunci tahap' }).click();
  await row.getByText('Terkunci').waitFor();
  await row.getByRole('button', { name: 'Salin ke tahap berikutnya' }).waitFor();
  const locked = await (await page.request.get(`/api/anggaran/${dpa.id}/`)).json();
  assert.equal(locked.status, 'closed');
  await screenshot(page, 'stages-dpa-locked');
  await row.getByRole('button', { name: 'Buka kembali' }).click();
  await row.getByText('Terbuka').waitFor();
  assert.equal((await (await page.request.get(`/api/anggaran/${dpa.id}/`)).json()).status, 'open');
});
