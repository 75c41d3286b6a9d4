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

/** "1234567.89" → sen as a BigInt: sums are compared exactly, never through a float. */
function sen(/** @type {string} */ value) {
  const [whole = '0', fraction = ''] = value.split('.');
  const sign = whole.startsWith('-') ? -1n : 1n;
  return sign * (BigInt(whole.replace('-', '')) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2)));
}

const AMOUNT = '123456.78';
const AMOUNT_TYPED = '123.456,78';
const CLOSED_MONTH = 'November';

/**
 * @param {import('playwright-core').Page} page
 * @param {string} path
 */
async function getJson(page, path) {
  const response = await page.request.get(path);
  assert.equal(response.status(), 200, `${path} → ${response.status()}`);
  return response.json();
}

journey('the Dinkes bendahara posts an SP2D, sees it in the list, is refused the same number, and the RFK grows by it', async () => {
  const page = await newPage(browser);
  await submitLogin(page, 'bendahara.dinkes', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Realisasi', exact: true }).click();
  await page.getByRole('heading', { name: /^Realisasi \d{4}$/ }).waitFor();
  await page.waitForFunction(() => document.title === 'Realisasi · Pagu');

  // a Dinkes belanja line of the stage in force with room for the amount
  const me = await getJson(page, '/api/auth/me/');
  const tahun = Number((await page.getByRole('heading', { name: /^Realisasi \d{4}$/ }).textContent())?.slice(-4));
  const stages = (await getJson(page, `/api/anggaran/?tahun=${tahun}&page_size=100`)).results;
  const dpa = stages.filter((/** @type {any} */ s) => ['dpa', 'pergeseran', 'apbd_p'].includes(s.tahap)).at(-1);
  const lines = (await getJson(page, `/api/realisasi-ringkasan/?anggaran=${dpa.id}&jenis=belanja&page_size=200`)).results;
  const line = lines.find((/** @type {any} */ l) => sen(l.sisa) > sen(AMOUNT) && l.komponen.length > 8);
  assert.ok(line, 'a Dinkes line with room left');
  const rfkPath = `/api/reports/rfk/?tahun=${tahun}&perangkat_daerah=${me.perangkat_daerah.id}`;
  const before = await getJson(page, rfkPath);

  await checkA11y(page, 'Realisasi: catat');
  await page.getByLabel('Cari rincian DPA').fill(line.komponen);
  const option = page
    .getByRole('list', { name: 'Rincian yang cocok' })
    .getByRole('button')
    .filter({ hasText: `${line.sub_kegiatan_kode} · ${line.akun_kode}` })
    .filter({ hasText: line.komponen })
    .first();
  await option.click();
  const chosen = page.getByLabel('Rincian terpilih');
  await chosen.waitFor();
  const nomor = `SP2D-E2E-${Date.now()}`;
  await page.getByLabel('Nomor SP2D').fill(nomor);
  await page.getByLabel('Jumlah (Rp)').fill(AMOUNT_TYPED);
  await page.getByText('Rp\u00a0123.456,78').waitFor();
  await page.getByLabel('Uraian').fill('Pembelian kertas, uji perjalanan');
  await page.getByRole('button', { name: 'Catat realisasi' }).click();
  await page.getByText(`SP2D-LS ${nomor} sebesar Rp\u00a0123.456,78 dicatat.`).waitFor();
  await checkA11y(page, 'Realisasi: dicatat');

  // the same number again: refused, the server's message on the number
  await page.getByLabel('Nomor SP2D').fill(nomor);
  await page.getByLabel('Jumlah (Rp)').fill('1000');
  await page.getByRole('button', { name: 'Catat realisasi' }).click();
  const numberField = page.getByLabel('Nomor SP2D');
  await page.getByText(/sudah tercatat/).waitFor();
  assert.equal(await numberField.getAttribute('aria-invalid'), 'true');
  const describedBy = (await numberField.getAttribute('aria-describedby')) ?? '';
  const descriptions = await Promise.all(
    describedBy.split(' ').filter(Boolean).map((id) => page.locator(`[id="${id}"]`).textContent()),
  );
  assert.ok(descriptions.some((text) => text?.includes('sudah tercatat')), 'the duplicate is told on the number');
  await checkA11y(page, 'Realisasi: nomor ganda');
  await screenshot(page, 'realization-entry');

  // in the list of the month, with its status
  await page.getByRole('tab', { name: 'Daftar' }).click();
  const month = new Intl.DateTimeFormat('id-ID', { month: 'long', timeZone: 'Asia/Jakarta' }).format(new Date());
  await page.getByLabel('Bulan').selectOption({ label: month });
  const row = page.getByRole('row').filter({ hasText: nomor });
  await row.waitFor();
  assert.ok((await row.textContent())?.includes('Rp\u00a0123.456,78'));
  assert.ok((await row.textContent())?.includes('Sah'));
  await page.getByTestId('entry-totals').waitFor();
  await checkA11y(page, 'Realisasi: daftar');
  await screenshot(page, 'realization-list');

  // the RFK of Dinkes has grown by exactly the amount
  const afterRfk = await getJson(page, rfkPath);
  assert.equal(sen(afterRfk.total.realisasi) - sen(before.total.realisasi), sen(AMOUNT));
  await page.goto(`/laporan/rfk?tahun=${tahun}&perangkat_daerah=${me.perangkat_daerah.id}`);
  const table = page.getByRole('table', { name: 'Realisasi fisik dan keuangan' });
  await table.waitFor();
  await page.locator('.report-body[aria-busy="false"]').waitFor();
  const rupiah = `Rp\u00a0${new Intl.NumberFormat('id-ID', { minimumFractionDigits: 2 }).format(/** @type {any} */ (afterRfk.total.realisasi))}`;
  assert.ok((await table.locator('tfoot tr').textContent())?.includes(rupiah), 'the RFK total shows the new realisasi');
  await checkA11y(page, 'RFK Dinkes');
  await page.context().close();
});

journey('keuangan closes a month, and the bendahara (on a phone) may no longer record in it', async () => {
  const tapd = await newPage(browser);
  await submitLogin(tapd, 'keuangan', DEMO_PASSWORD);
  await tapd.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Realisasi', exact: true }).click();
  await tapd.getByRole('tab', { name: 'Tutup buku' }).click();
  const months = tapd.getByRole('table');
  await months.waitFor();
  const tahun = Number((await tapd.getByRole('heading', { name: /^Realisasi \d{4}$/ }).textContent())?.slice(-4));
  // a re-run finds the month still closed from before: open it first
  const reopenFirst = months.getByRole('button', { name: `Buka kembali ${CLOSED_MONTH}` });
  if (await reopenFirst.isVisible()) {
    await reopenFirst.click();
    await tapd.getByRole('dialog').getByLabel(/Alasan pembukaan kembali/).fill('Uji ulang perjalanan');
    await tapd.getByRole('dialog').getByRole('button', { name: 'Buka kembali' }).click();
    await tapd.getByRole('dialog').waitFor({ state: 'detached' });
  }
  await months.getByRole('button', { name: `Tutup ${CLOSED_MONTH}` }).click();
  await tapd.getByRole('dialog').getByLabel(/Catatan penutupan/).fill('Tutup buku November (uji)');
  await checkA11y(tapd, 'Tutup buku: dialog');
  await tapd.getByRole('dialog').getByRole('button', { name: 'Tutup periode' }).click();
  await tapd.getByRole('dialog').waitFor({ state: 'detached' });
  const closedRow = months.getByRole('row').filter({ hasText: CLOSED_MONTH });
  await closedRow.getByText('Ditutup').waitFor();
  await checkA11y(tapd, 'Tutup buku');
  await screenshot(tapd, 'realization-periods');

  const phone = await newPage(browser, { width: 390, height: 844 });
  await submitLogin(phone, 'bendahara.dinkes', DEMO_PASSWORD);
  await phone.waitForURL((url) => url.pathname === '/');
  await phone.goto('/realisasi');
  await phone.getByRole('heading', { name: /^Realisasi \d{4}$/ }).waitFor();
  await phone.getByLabel('Cari rincian DPA').fill('5.1.02');
  await phone.getByRole('list', { name: 'Rincian yang cocok' }).getByRole('button').first().click();
  await phone.getByLabel('Rincian terpilih').waitFor();
  await phone.getByLabel('Tanggal').fill(`${tahun}-11-20`);
  await phone.getByTestId('closed-month').waitFor();
  assert.ok((await phone.getByTestId('closed-month').textContent())?.includes('Tutup buku November (uji)'));
  assert.equal(await phone.getByRole('button', { name: 'Catat realisasi' }).isDisabled(), true);
  // the page fits the phone: nothing wider than the screen outside the scrolled tables
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone`);
  await checkA11y(phone, 'Realisasi: bulan ditutup (390 px)');
  await screenshot(phone, 'realization-closed-month-phone');

  // and the server refuses it too (the trigger holds whatever the screen does)
  const stages = (await getJson(phone, `/api/anggaran/?tahun=${tahun}&page_size=100`)).results;
  const dpa = stages.filter((/** @type {any} */ s) => ['dpa', 'pergeseran', 'apbd_p'].includes(s.tahap)).at(-1);
  const line = (await getJson(phone, `/api/realisasi-ringkasan/?anggaran=${dpa.id}&q=5.1.02&page_size=1`)).results[0];
  const csrf = (await phone.context().cookies()).find((c) => c.name === 'csrftoken')?.value ?? '';
  const refused = await phone.request.post('/api/realisasi/', {
    headers: { 'X-CSRFToken': csrf, Referer: phone.url() },
    data: { budget_line: line.id, tanggal: `${tahun}-11-20`, jenis: 'sp2d_ls', nomor_dokumen: `X-${Date.now()}`, jumlah: '1' },
  });
  assert.equal(refused.status(), 409);
  assert.equal((await refused.json()).code, 'period_closed');

  // keuangan opens it again (with a reason), leaving the demo as it was
  await months.getByRole('button', { name: `Buka kembali ${CLOSED_MONTH}` }).click();
  await tapd.getByRole('dialog').getByLabel(/Alasan pembukaan kembali/).fill('Selesai diuji');
  await tapd.getByRole('dialog').getByRole('button', { name: 'Buka kembali' }).click();
  await closedRow.getByText('Dibuka kembali').waitFor();
  await tapd.context().close();
  await phone.context().close();
});
