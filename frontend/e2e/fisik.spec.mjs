import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { checkA11y, DEMO_PASSWORD, journey, launchBrowser, newPage, screenshot, submitLogin } from './support.mjs';

// A JPEG whose EXIF says it was taken at 6°55'3" S, 107°37'8.76" E (made by fixtures/make_foto_gps.py).
const FOTO = fileURLToPath(new URL('./fixtures/foto-gps.jpg', import.meta.url));

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

journey("the Dinkes finance officer records a month's physical progress with a geotagged photo, seen in the list and on the map (offline tiles)", async () => {
  const page = await newPage(browser);
  // offline map: every tile request fails, the markers must be there all the same
  let tiles = 0;
  await page.route('https://tile.openstreetmap.org/**', (route) => {
    tiles += 1;
    return route.abort('internetdisconnected');
  });
  // the device is elsewhere: the photo's own GPS must win over it
  await page.context().grantPermissions(['geolocation']);
  await page.context().setGeolocation({ latitude: -6.2, longitude: 106.8 });
  page.on('dialog', (dialog) => void dialog.accept());

  await submitLogin(page, 'bendahara.dinkes', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Realisasi Fisik' }).click();
  await page.getByRole('heading', { name: 'Realisasi Fisik', level: 1 }).waitFor();
  await page.waitForFunction(() => document.title === 'Realisasi Fisik · Pagu');

  // a Dinkes sub kegiatan of the DPA, in the current month (the page's default)
  const sub = page.getByRole('combobox', { name: /^Sub kegiatan/ });
  await sub.locator('option').nth(1).waitFor({ state: 'attached' });
  const kode = await sub.locator('option').nth(1).getAttribute('value');
  assert.ok(kode?.startsWith('1.02.'), `a Dinkes sub kegiatan (${kode})`);
  await sub.selectOption(kode);
  await page.waitForURL(/sub=/);
  const bulan = Number(await page.getByRole('combobox', { name: /^Bulan/ }).inputValue());

  // the progress, with a problem and its follow-up
  const form = page.locator('form.fisik-form');
  await form.waitFor();
  const persen = form.getByLabel(/^Realisasi fisik s\.d\./);
  const before = Number((await persen.inputValue()).replace(',', '.') || '0');
  const next = Math.min(100, Math.floor(before) + 3);
  await persen.fill(String(next));
  await form.getByLabel('Permasalahan').fill('Cuaca hujan menghambat pengecoran.');
  await form.getByLabel('Tindak lanjut').fill('Penambahan jam kerja pada akhir pekan.');
  await form.getByRole('button', { name: /^Simpan/ }).click();
  await page.getByText(/tersimpan\.$/).waitFor();
  const saved = await (
    await page.request.get(`/api/realisasi-fisik/?sub_kegiatan_kode=${kode}&bulan=${bulan}&tahun=2026`)
  ).json();
  assert.equal(saved.count, 1);
  assert.equal(Number(saved.results[0].persen), next);
  assert.equal(saved.results[0].permasalahan, 'Cuaca hujan menghambat pengecoran.');

  // a photo, with GPS in its EXIF
  const upload = page.getByRole('form', { name: 'Unggah foto' });
  const input = upload.getByLabel(/^Foto/);
  assert.equal(await input.getAttribute('accept'), 'image/*');
  assert.equal(await input.getAttribute('capture'), 'environment');
  await input.setInputFiles(FOTO);
  await upload.getByLabel('Keterangan').fill('Pengecoran lantai 2 (uji)');
  await upload.getByRole('button', { name: 'Unggah foto' }).click();

  // in the list: its thumbnail (served to this session by the API), when and where it was taken
  const card = page.getByRole('list', { name: 'Daftar foto' }).getByRole('listitem').filter({ hasText: 'Pengecoran lantai 2 (uji)' });
  await card.waitFor();
  const text = (await card.textContent()) ?? '';
  assert.match(text, /-6,9175, 107,6191 \(GPS foto\)/);
  assert.match(text, /Diambil 2 Des 2026/);
  const thumbnail = card.getByRole('img', { name: 'Pengecoran lantai 2 (uji)' });
  await page.waitForFunction(
    (element) => {
      const img = /** @type {HTMLImageElement} */ (element);
      return img.complete && img.naturalWidth > 0;
    },
    await thumbnail.elementHandle(),
  );

  // on the map: a marker named by the photo, though no tile could load
  const map = page.getByRole('region', { name: /^Peta lokasi \d+ foto$/ });
  await map.waitFor();
  const marker = map.locator('.foto-marker[title="Pengecoran lantai 2 (uji)"]');
  await marker.waitFor();
  assert.ok(tiles > 0, 'the map asked for tiles, and got none');
  await checkA11y(page, 'Realisasi fisik');
  await screenshot(page, 'fisik');

  // a phone: the same screen in one column
  await page.setViewportSize({ width: 390, height: 844 });
  await marker.waitFor();
  await screenshot(page, 'fisik-phone');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `no sideways scrolling at 390 px (${overflow} px)`);
  await page.setViewportSize({ width: 1366, height: 820 });

  // the officer removes the test photo again (the month is open)
  await card.getByRole('button', { name: 'Hapus' }).click();
  await card.waitFor({ state: 'detached' });
  await page.context().close();
});

journey('the leader picks an OPD and reads its progress and photos, with nothing to change', async () => {
  const page = await newPage(browser);
  await page.route('https://tile.openstreetmap.org/**', (route) => route.abort('internetdisconnected'));
  await submitLogin(page, 'bupati', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Realisasi Fisik' }).click();
  await page.getByText('Pilih perangkat daerah untuk melihat sub kegiatannya.').waitFor();

  const opd = page.getByRole('combobox', { name: /^Perangkat daerah/ });
  await opd.selectOption({ label: 'Dinas Kesehatan' });
  const sub = page.getByRole('combobox', { name: /^Sub kegiatan/ });
  await sub.locator('option').nth(1).waitFor({ state: 'attached' });
  await sub.selectOption({ index: 1 });
  await page.getByRole('table', { name: 'Realisasi fisik per bulan' }).waitFor();
  assert.equal(await page.locator('form').count(), 0, 'a reader gets no form');
  await page.locator('.fisik-readonly').waitFor();
  await checkA11y(page, 'Realisasi fisik (pimpinan)');
  await screenshot(page, 'fisik-reader');
  await page.context().close();
});
