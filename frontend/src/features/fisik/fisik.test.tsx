import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '@/api/client';
import { installFakeApi, page } from '@/test/fake-api';
import { bappedaUser, opdPlannerUser, permissionsFor } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';
import { shown } from './components/fisik-form';
import { mapPoints } from './components/foto-section';

// The map is Leaflet in the browser; here a stand-in lists the points it is given.
vi.mock('./components/photo-map', () => ({
  default: ({ points }: { points: { id: number; latitude: number; longitude: number; label: string }[] }) => (
    <ul aria-label="Titik peta">
      {points.map((point) => (
        <li key={point.id}>{`${point.label}: ${point.latitude}, ${point.longitude}`}</li>
      ))}
    </ul>
  ),
}));

const SUB = '1.02.02.2.01.0001';
const URL_MARET = `/realisasi-fisik?bulan=3&sub=${SUB}`;

const bendahara: Schemas['Me'] = {
  ...opdPlannerUser,
  id: 9,
  username: 'bendahara.dinkes',
  role: 'opd_finance',
  role_label: 'Bendahara / PPK OPD',
  permissions: permissionsFor('opd_finance'),
};

function rfkRow(level: string, kode: string, uraian: string) {
  return {
    level,
    depth: level === 'opd' ? 0 : 2,
    kode,
    uraian,
    perangkat_daerah_kode: '1.02.0.00.0.00.01.0000',
    sumber_dana: '',
    permasalahan: '',
    tindak_lanjut: '',
    pagu: '150000000.00',
    pagu_rka: '150000000.00',
    anggaran_kas: '0.00',
    realisasi: '0.00',
    nilai_fisik: '0.00',
    sisa: '0.00',
    persen_realisasi: '25.00',
    persen_rak: null,
    deviasi: null,
    deviasi_relatif: null,
    fisik: '40.00',
  };
}

const rfk = {
  header: {},
  rows: [
    rfkRow('opd', '1.02.0.00.0.00.01.0000', 'Dinas Kesehatan'),
    rfkRow('sub_kegiatan', SUB, 'Pembangunan Puskesmas'),
    rfkRow('sub_kegiatan', '1.02.02.2.01.0002', 'Pengadaan Alat Kesehatan'),
  ],
  total: {},
  series: [],
};

function entry(bulan: number, persen: string, extra: Partial<Schemas['RealisasiFisik']> = {}): Schemas['RealisasiFisik'] {
  return {
    id: 100 + bulan,
    perangkat_daerah: 7,
    tahun: 2026,
    sub_kegiatan_kode: SUB,
    bulan,
    persen,
    permasalahan: '',
    tindak_lanjut: '',
    menurun: false,
    version: 1,
    ...extra,
  };
}

function foto(id: number, extra: Partial<Schemas['RealisasiFisikFoto']> = {}): Schemas['RealisasiFisikFoto'] {
  return {
    id,
    entry: 103,
    perangkat_daerah: 7,
    tahun: 2026,
    bulan: 3,
    sub_kegiatan_kode: SUB,
    file_url: `/api/realisasi-fisik-foto/${id}/file/`,
    thumbnail_url: `/api/realisasi-fisik-foto/${id}/thumbnail/`,
    content_type: 'image/jpeg',
    size: 2048,
    width: 800,
    height: 600,
    taken_at: '2026-03-14T03:20:30Z',
    latitude: '-6.908333',
    longitude: '107.600000',
    lokasi_sumber: 'exif',
    keterangan: 'Pondasi',
    created_by_username: 'bendahara.dinkes',
    created_at: '2026-03-15T02:00:00Z',
    ...extra,
  };
}

function api(me: Schemas['Me'], fotos: Schemas['RealisasiFisikFoto'][], entries = [entry(2, '30'), entry(3, '40')]) {
  return installFakeApi({
    'GET /api/auth/me/': { body: me },
    'GET /api/perangkat-daerah/': { body: page([]) },
    'GET /api/reports/rfk/': { body: rfk },
    'GET /api/realisasi-fisik/': { body: page(entries) },
    'GET /api/realisasi-fisik-foto/': { body: page(fotos) },
  });
}

beforeEach(() => localStorage.setItem('pagu.period', JSON.stringify({ tahun: 2026 })));

test('the photos of the month are listed with when and where, and the map gets their points', async () => {
  // given: two photos with a position (EXIF, browser) and one without
  const fake = api(bendahara, [
    foto(1),
    foto(2, { keterangan: 'Atap', latitude: '-6.910000', longitude: '107.610000', lokasi_sumber: 'browser', taken_at: null }),
    foto(3, { keterangan: 'Denah', latitude: null, longitude: null, lokasi_sumber: '' }),
  ]);

  // when
  renderApp(URL_MARET);

  // then: each photo is a thumbnail linking to the original, with its time and position
  const list = await screen.findByRole('list', { name: 'Daftar foto' });
  const items = within(list).getAllByRole('listitem');
  expect(items).toHaveLength(3);
  expect(within(items[0]!).getByRole('img', { name: 'Pondasi' })).toHaveAttribute('src', '/api/realisasi-fisik-foto/1/thumbnail/');
  expect(within(items[0]!).getByRole('link', { name: 'Pondasi' })).toHaveAttribute('href', '/api/realisasi-fisik-foto/1/file/');
  expect(items[0]).toHaveTextContent('Diambil 14 Mar 2026');
  expect(items[0]).toHaveTextContent('-6,9083, 107,6 (GPS foto)');
  expect(items[1]).toHaveTextContent('lokasi perangkat saat unggah');
  expect(items[1]).toHaveTextContent('Waktu pengambilan tidak diketahui');
  expect(items[2]).toHaveTextContent('Tanpa lokasi');
  // the map: the two photos with a position, none without
  const points = await screen.findByRole('list', { name: 'Titik peta' });
  expect(within(points).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
    'Pondasi: -6.908333, 107.6',
    'Atap: -6.91, 107.61',
  ]);
  // the photos asked for are those of March's entry
  const asked = fake.requests.map((request) => new URL(request.url)).find((url) => url.pathname === '/api/realisasi-fisik-foto/');
  expect(asked?.searchParams.get('entry')).toBe('103');
});

test('mapPoints leaves out the photos without a position', () => {
  expect(mapPoints([foto(1), foto(2, { latitude: null, longitude: null, lokasi_sumber: '' })])).toEqual([
    { id: 1, latitude: -6.908333, longitude: 107.6, label: 'Pondasi' },
  ]);
});

test('a stored percentage reads with the comma of id-ID', () => {
  expect(['40', '40.00', '40.50', '100.00', '0.00', '7.05'].map(shown)).toEqual(['40', '40', '40,5', '100', '0', '7,05']);
});

test("the server's refusal of a file is shown on the file input", async () => {
  // given
  const fake = api(bendahara, []);
  fake.route('POST /api/realisasi-fisik/103/foto/', {
    status: 400,
    body: { file: ['Berkas bukan foto JPEG, PNG atau WebP yang dapat dibaca.'] },
  });
  const { user } = renderApp(URL_MARET);
  const form = await screen.findByRole('form', { name: 'Unggah foto' });
  const input = within(form).getByLabelText(/^Foto/);
  expect(input).toHaveAttribute('accept', 'image/*');
  expect(input).toHaveAttribute('capture', 'environment');

  // when: a PDF renamed .jpg is sent, without the device's position
  await user.upload(input, new File(['%PDF-1.7'], 'foto.jpg', { type: 'image/jpeg' }));
  await user.type(within(form).getByLabelText('Keterangan'), 'Pondasi');
  await user.click(within(form).getByLabelText(/Kirim lokasi perangkat/));
  await user.click(within(form).getByRole('button', { name: 'Unggah foto' }));

  // then
  await waitFor(() => expect(input).toHaveAccessibleDescription('Berkas bukan foto JPEG, PNG atau WebP yang dapat dibaca.'));
  expect(input).toHaveAttribute('aria-invalid', 'true');
  const sent = fake.requests.find((request) => request.method === 'POST');
  expect(sent?.headers.get('content-type')).toMatch(/^multipart\/form-data/);
});

test('the browser position is sent with the photo when asked for', async () => {
  // given: the device knows where it is
  const fake = api(bendahara, []);
  let body: FormData | null = null;
  fake.route('POST /api/realisasi-fisik/103/foto/', async (request) => {
    body = await request.formData();
    return { status: 201, body: foto(9) };
  });
  vi.stubGlobal('navigator', {
    ...navigator,
    geolocation: {
      getCurrentPosition: (ok: PositionCallback) =>
        ok({ coords: { latitude: -6.91474412, longitude: 107.60981111 } } as GeolocationPosition),
    },
  });
  const { user } = renderApp(URL_MARET);
  const form = await screen.findByRole('form', { name: 'Unggah foto' });

  // when
  await user.upload(within(form).getByLabelText(/^Foto/), new File(['jpeg'], 'a.jpg', { type: 'image/jpeg' }));
  await user.click(within(form).getByRole('button', { name: 'Unggah foto' }));

  // then: six decimals, as the API keeps them (the file itself is checked by the browser journey)
  await waitFor(() => expect(body).not.toBeNull());
  const sent = body as unknown as FormData;
  expect([sent.get('latitude'), sent.get('longitude'), sent.get('keterangan')]).toEqual(['-6.914744', '107.609811', '']);
});

test('a fall below an earlier month is saved and shown as menurun', async () => {
  // given: February 30 %, March 40 %
  const fake = api(bendahara, []);
  fake.route('PATCH /api/realisasi-fisik/103/', async (request) => ({
    body: { ...entry(3, '25.00'), ...(await request.json()), menurun: true, version: 2 },
  }));
  const { user } = renderApp(URL_MARET);
  const form = await screen.findByRole('form', { name: 'Realisasi fisik Maret' });
  const persen = within(form).getByLabelText('Realisasi fisik s.d. Maret (%)');
  expect(persen).toHaveValue('40');

  // when
  await user.clear(persen);
  await user.type(persen, '25,5');
  await user.type(within(form).getByLabelText('Permasalahan'), 'Koreksi volume pekerjaan');
  await user.click(within(form).getByRole('button', { name: 'Simpan perubahan' }));

  // then
  expect(await within(form).findByText(/lebih rendah dari bulan sebelumnya \(menurun\)/)).toBeInTheDocument();
  const sent = fake.requests.find((request) => request.method === 'PATCH');
  expect(await sent?.json()).toEqual({ persen: '25.5', permasalahan: 'Koreksi volume pekerjaan', tindak_lanjut: '', version: 1 });
});

test('a bad percentage from the server is shown under the field', async () => {
  const fake = api(bendahara, [], [entry(2, '30')]);
  fake.route('POST /api/realisasi-fisik/', {
    status: 400,
    body: { persen: ['Pastikan nilai ini kurang dari atau sama dengan 100.'] },
  });
  const { user } = renderApp(URL_MARET);
  const form = await screen.findByRole('form', { name: 'Realisasi fisik Maret' });
  expect(screen.getByText('Simpan realisasi fisik bulan ini terlebih dahulu, lalu unggah fotonya.')).toBeInTheDocument();
  const persen = within(form).getByLabelText('Realisasi fisik s.d. Maret (%)');
  await user.type(persen, '120');
  await user.click(within(form).getByRole('button', { name: 'Simpan' }));
  await waitFor(() => expect(persen).toHaveAccessibleDescription('Pastikan nilai ini kurang dari atau sama dengan 100.'));
  const sent = fake.requests.find((request) => request.method === 'POST');
  expect(await sent?.json()).toMatchObject({ perangkat_daerah: 7, tahun: 2026, bulan: 3, sub_kegiatan_kode: SUB, persen: '120' });
});

test('a reader sees the progress and the photos but no form', async () => {
  api({ ...bappedaUser, perangkat_daerah: opdPlannerUser.perangkat_daerah }, [foto(1)], [entry(3, '40', { menurun: true })]);
  renderApp(URL_MARET);
  expect(await screen.findByRole('list', { name: 'Daftar foto' })).toBeInTheDocument();
  expect(screen.getByText('40,00%', { selector: 'dd' })).toBeInTheDocument();
  expect(screen.getByText(/menurun/, { selector: 'p' })).toBeInTheDocument();
  expect(screen.queryByRole('form')).not.toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Hapus' })).not.toBeInTheDocument();
});
