import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { DEMO_PASSWORD, fillLogin, journey, launchBrowser, newPage, screenshot, submitLogin } from './support.mjs';

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

journey('a Bappeda planner logs in and sees the shell and the Perangkat Daerah list', async () => {
  const page = await newPage(browser);

  // an anonymous visit is sent to the login page, and back to the page asked for afterwards
  await page.goto('/perangkat-daerah');
  await page.getByRole('heading', { name: 'Masuk' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
  await fillLogin(page, 'bappeda', DEMO_PASSWORD);

  const banner = page.getByRole('banner');
  await banner.getByText('Kabupaten Sukamaju').waitFor();
  await banner.getByText('Perencana Bappeda', { exact: true }).waitFor();
  await banner.getByRole('button', { name: 'Keluar' }).waitFor();
  await page.getByRole('heading', { name: 'Perangkat Daerah' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/perangkat-daerah');
  await page.getByRole('cell', { name: 'Dinas Kesehatan', exact: true }).waitFor();
  const opd = (await page.getByRole('row').count()) - 1;
  assert.ok(opd >= 15, `expected at least 15 OPD rows, got ${opd}`);
  await screenshot(page, 'perangkat-daerah');

  await page.getByLabel('Cari perangkat daerah').fill('kesehatan');
  await page.waitForURL((url) => url.searchParams.get('q') === 'kesehatan');
  await page.getByRole('cell', { name: 'Dinas Pendidikan dan Kebudayaan' }).waitFor({ state: 'detached' });
  await page.getByRole('cell', { name: 'Dinas Kesehatan', exact: true }).waitFor();

  // Beranda ranks the OPD the list shows
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Beranda' }).click();
  await page.getByRole('heading', { name: 'Beranda' }).waitFor();
  const ranking = page.getByRole('table', { name: 'Peringkat perangkat daerah' });
  await ranking.getByRole('rowheader').first().waitFor();
  assert.ok((await ranking.getByRole('rowheader').count()) >= 15, 'every demo OPD with a budget is ranked');
  await screenshot(page, 'shell-dashboard');
  await page.context().close();
});

journey('an OPD planner sees the name of the OPD in the header', async () => {
  const page = await newPage(browser);

  await submitLogin(page, 'dinkes', DEMO_PASSWORD);

  const banner = page.getByRole('banner');
  await banner.getByText('Dinas Kesehatan').waitFor();
  await banner.getByText('Perencana OPD', { exact: true }).waitFor();
  await page.context().close();
});

journey('a wrong password shows the error and stays on the login page', async () => {
  const page = await newPage(browser);

  await submitLogin(page, 'bappeda', 'bukan-kata-sandinya');

  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /salah/i);
  assert.equal(new URL(page.url()).pathname, '/login');
  await screenshot(page, 'login-error');
  // a successful login resets the failure counter, so repeated runs never lock the demo user
  await submitLogin(page, 'bappeda', DEMO_PASSWORD);
  await page.getByRole('banner').getByText('Kabupaten Sukamaju').waitFor();
  await page.context().close();
});

journey('logging out returns to the login page and the session is gone', async () => {
  const page = await newPage(browser);
  await submitLogin(page, 'bappeda', DEMO_PASSWORD);
  await page.getByRole('banner').getByText('Kabupaten Sukamaju').waitFor();

  await page.getByRole('button', { name: 'Keluar' }).click();

  await page.getByRole('heading', { name: 'Masuk' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.goto('/referensi');
  await page.getByRole('heading', { name: 'Masuk' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.context().close();
});
