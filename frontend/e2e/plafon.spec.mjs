import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { checkA11y, DEMO_PASSWORD, journey, launchBrowser, newPage, screenshot, submitLogin } from './support.mjs';

/** @typedef {{ id: number, version: number, lingkup: string, perangkat_daerah_nama: string, jumlah: string, terpakai: string, sisa: string }} Ceiling */

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
/** @type {Ceiling | undefined} */
let original;

/**
 * The OPD ceiling of Dinas Kesehatan on the stage the screen opens with (the year's open stage), as the API has it.
 * @param {import('playwright-core').Page} on
 * @returns {Promise<Ceiling>}
 */
async function dinkesCeiling(on) {
  const stages = await (await on.request.get('/api/anggaran/?tahun=2026&page_size=100')).json();
  /** @type {{ id: number, status: string }[]} */
  const results = stages.results;
  const open = [...results].reverse().find((stage) => stage.status === 'open') ?? results.at(-1);
  assert.ok(open, 'the demo has a stage for 2026');
  const body = await (await on.request.get(`/api/plafon/terpakai/?anggaran=${open.id}`)).json();
  /** @type {Ceiling[]} */
  const rows = body.rows;
  const found = rows.find((row) => row.perangkat_daerah_nama === 'Dinas Kesehatan' && row.lingkup === 'perangkat_daerah');
  assert.ok(found, 'the demo sets a ceiling for Dinas Kesehatan');
  return found;
}

/** "93682000000.00" → "Rp 93.682.000.000,00" as the screen writes it (no-break space after Rp). */
function rupiah(/** @type {bigint} */ sen) {
  const negative = sen < 0n;
  const abs = negative ? -sen : sen;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}Rp\u00a0${whole},${String(abs % 100n).padStart(2, '0')}`;
}

const toSen = (/** @type {string} */ text) => BigInt(text.replace('.', ''));

before(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
  await submitLogin(page, 'keuangan', DEMO_PASSWORD);
  await page.getByRole('banner').getByText('Kabupaten Sukamaju').waitFor();
  original = await dinkesCeiling(page);
});

after(async () => {
  // Put Dinkes's ceiling back as it was, whatever the journey got to.
  if (original && page) {
    const now = await dinkesCeiling(page);
    if (now.jumlah !== original.jumlah) {
      const token = (await page.context().cookies()).find((cookie) => cookie.name === 'csrftoken')?.value ?? '';
      const response = await page.request.patch(`/api/plafon/${now.id}/`, {
        data: { jumlah: original.jumlah, program_kode: '', sub_kegiatan_kode: '' },
        headers: { 'X-CSRFToken': token, Referer: page.url(), 'If-Match': `"${now.version}"` },
      });
      assert.ok(response.ok(), `restore the ceiling: ${response.status()} ${await response.text()}`);
    }
  }
  await browser?.close();
});

journey('TAPD opens Plafon, sees the Dinkes ceiling and its use, raises it and sees the new sisa', async () => {
  assert.ok(original);
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Plafon Anggaran' }).click();
  await page.getByRole('heading', { name: 'Plafon Anggaran 2026' }).waitFor();
  const table = page.getByRole('table', { name: 'Plafon dan pemakaiannya' });
  await table.waitFor();

  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Dinas Kesehatan$/ }) });
  await row.getByText(rupiah(toSen(original.jumlah)), { exact: true }).waitFor();
  await row.getByText(rupiah(toSen(original.terpakai)), { exact: true }).waitFor();
  await row.getByText(rupiah(toSen(original.sisa)), { exact: true }).waitFor();
  await checkA11y(page, 'Plafon');

  // when: the ceiling goes up by Rp 1.250.000,50
  await row.getByRole('button', { name: 'Ubah plafon Perangkat daerah Dinas Kesehatan' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ubah plafon' });
  const raised = toSen(original.jumlah) + 125_000_050n;
  const amount = dialog.getByLabel(/Jumlah plafon/);
  await amount.fill(`${raised / 100n},${String(raised % 100n).padStart(2, '0')}`);
  await dialog.getByText(rupiah(raised), { exact: true }).waitFor();
  await checkA11y(page, 'Ubah plafon');
  await dialog.getByRole('button', { name: 'Simpan' }).click();
  await dialog.waitFor({ state: 'detached' });

  // then: the row shows the new amount and a sisa larger by as much, to the sen
  await row.getByText(rupiah(raised), { exact: true }).waitFor();
  await row.getByText(rupiah(toSen(original.sisa) + 125_000_050n), { exact: true }).waitFor();
  const saved = await dinkesCeiling(page);
  assert.equal(toSen(saved.jumlah), raised);
  assert.equal(saved.version, original.version + 1);
  await screenshot(page, 'plafon');
});

journey('on a phone the ceilings fit the screen: the table scrolls inside its region', async () => {
  const phone = await newPage(browser, { width: 390, height: 844 });
  await submitLogin(phone, 'keuangan', DEMO_PASSWORD);
  await phone.getByRole('heading', { name: 'Beranda' }).waitFor();
  await phone.goto('/plafon');
  await phone.getByRole('table', { name: 'Plafon dan pemakaiannya' }).waitFor();
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling of the page at 390 px (scrollWidth ${width})`);
  await checkA11y(phone, 'Plafon (390 px)');
  await screenshot(phone, 'plafon-390');
  await phone.close();
});
