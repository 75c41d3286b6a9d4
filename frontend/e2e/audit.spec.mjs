import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { DEMO_PASSWORD, journey, launchBrowser, newPage, screenshot, submitLogin } from './support.mjs';

/** @typedef {{ id: number, nama: string, singkatan: string, version: number }} Opd */

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let admin;
/** @type {Opd} */
let dinkes;
/** @type {string} */
let originalSingkatan;
const marker = `Dinkes-${Date.now().toString(36)}`;

/**
 * PATCH an OPD as the signed-in admin, the way the SPA does (session cookie + CSRF header).
 * @param {import('playwright-core').Page} page
 * @param {number} id
 * @param {Record<string, unknown>} data
 * @returns {Promise<Opd>}
 */
async function patchOpd(page, id, data) {
  const cookies = await page.context().cookies();
  const token = cookies.find((cookie) => cookie.name === 'csrftoken')?.value ?? '';
  const response = await page.request.patch(`/api/perangkat-daerah/${id}/`, {
    data,
    headers: { 'X-CSRFToken': token, Referer: page.url() },
  });
  assert.ok(response.ok(), `PATCH ${id}: ${response.status()} ${await response.text()}`);
  return response.json();
}

before(async () => {
  browser = await launchBrowser();
  // The demo has few updates: the admin makes one, so the trail has a before → after to show.
  admin = await newPage(browser);
  await submitLogin(admin, 'admin', DEMO_PASSWORD);
  await admin.getByRole('banner').getByText('Kabupaten Sukamaju').waitFor();
  const response = await admin.request.get('/api/perangkat-daerah/?q=kesehatan');
  /** @type {{ results: Opd[] }} */
  const { results } = await response.json();
  const found = results.find((opd) => opd.nama === 'Dinas Kesehatan');
  assert.ok(found, 'the demo has a Dinas Kesehatan');
  dinkes = found;
  originalSingkatan = dinkes.singkatan;
  dinkes = await patchOpd(admin, dinkes.id, { singkatan: marker, version: dinkes.version });
});
after(async () => {
  // Put the demo back as it was (one more update event, which does no harm).
  if (dinkes?.singkatan === marker) {
    await patchOpd(admin, dinkes.id, { singkatan: originalSingkatan, version: dinkes.version });
  }
  await browser?.close();
});

journey('an auditor filters the trail by Perangkat Daerah and opens an update', async () => {
  const page = await newPage(browser);
  await submitLogin(page, 'inspektorat', DEMO_PASSWORD);
  await page.getByRole('banner').getByText('Kabupaten Sukamaju').waitFor();

  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Audit' }).click();
  await page.getByRole('heading', { name: 'Audit', exact: true }).waitFor();
  const table = page.getByRole('table', { name: 'Peristiwa audit' });
  await table.waitFor();

  await page.getByLabel('Jenis objek').selectOption({ label: 'Perangkat Daerah' });
  await page.waitForURL((url) => url.searchParams.get('model') === 'organisation.PerangkatDaerah');
  await page.getByLabel('Tindakan').selectOption({ label: 'diubah' });
  await page.waitForURL((url) => url.searchParams.get('label') === 'update');
  // every row left is a Perangkat Daerah change (wait for the filtered page to replace the unfiltered one)
  await table
    .locator('tbody tr td:nth-child(4)')
    .filter({ hasNotText: /^Perangkat Daerah$/ })
    .first()
    .waitFor({ state: 'detached' });
  await table.getByRole('link', { name: `Detail Perangkat Daerah #${dinkes.id} diubah` }).first().waitFor();
  const types = await table.locator('tbody tr td:nth-child(4)').allInnerTexts();
  assert.ok(types.length > 0 && types.every((type) => type === 'Perangkat Daerah'), `unexpected types: ${types}`);

  // the newest event is the admin's change
  await table.getByRole('link', { name: `Detail Perangkat Daerah #${dinkes.id} diubah` }).first().click();
  const detail = page.getByRole('complementary', { name: 'Detail peristiwa' });
  const changes = detail.getByRole('table', { name: 'Perubahan' });
  const singkatan = changes.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'singkatan' }) });
  await singkatan.getByRole('cell', { name: marker }).waitFor();
  await detail.getByText('Admin Sukamaju').waitFor();
  await detail.getByText(`/api/perangkat-daerah/${dinkes.id}/`).waitFor();
  assert.ok(new URL(page.url()).searchParams.get('event'), 'the open event is kept in the URL');
  await screenshot(page, 'audit-detail');
  await page.context().close();
});

journey("an auditor opens a Perangkat Daerah's history from its row", async () => {
  const page = await newPage(browser);
  await submitLogin(page, 'inspektorat', DEMO_PASSWORD);
  await page.getByRole('banner').getByText('Kabupaten Sukamaju').waitFor();

  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Perangkat Daerah' }).click();
  await page.getByRole('link', { name: 'Riwayat Dinas Kesehatan', exact: true }).click();

  await page.getByRole('heading', { name: `Riwayat Perangkat Daerah #${dinkes.id}` }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/audit/organisation.PerangkatDaerah/${dinkes.id}`);
  const timeline = page.getByRole('list', { name: 'Riwayat perubahan' });
  const newest = timeline.getByRole('listitem').first();
  await newest.getByText('diubah', { exact: true }).waitFor();
  await newest.getByText('oleh Admin Sukamaju').waitFor();
  await newest.getByRole('cell', { name: marker }).waitFor();
  // the oldest entry is the row's creation
  await timeline.getByRole('listitem').last().getByText('dibuat', { exact: true }).waitFor();
  await screenshot(page, 'audit-object-history');
  await page.context().close();
});

journey('a Bappeda planner has no Audit menu and is told why the trail is closed', async () => {
  const page = await newPage(browser);
  await submitLogin(page, 'bappeda', DEMO_PASSWORD);
  await page.getByRole('banner').getByText('Kabupaten Sukamaju').waitFor();

  const nav = page.getByRole('navigation', { name: 'Menu utama' });
  assert.equal(await nav.getByRole('link', { name: 'Audit' }).count(), 0);
  await page.goto('/audit');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /tidak memiliki akses ke riwayat perubahan/);
  await page.context().close();
});
