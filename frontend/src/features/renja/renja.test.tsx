import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '@/api/client';
import { installFakeApi, page } from '@/test/fake-api';
import { bappedaUser, opdPlannerUser } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';
import { instantiate, renjaTotals, searchTerm } from './codes';

const stamp = { created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' };
const OPD = '1.02.0.00.0.00.01.0000';

const renja: Schemas['Renja'] = {
  ...stamp,
  id: 40,
  pemda: 1,
  status: 'draft',
  revisi: 2,
  is_current: true,
  catatan: '',
  updated_by: null,
  submitted_by: null,
  submitted_at: null,
  verified_by: null,
  verified_at: null,
  approved_by: null,
  approved_at: null,
  tahun: 2026,
  perangkat_daerah: 7,
  version: 1,
};

const program: Schemas['RenjaProgram'] = {
  ...stamp,
  id: 50,
  pemda: 1,
  nomenklatur: 203,
  kode: '1.02.02',
  nama: 'PROGRAM PEMENUHAN UPAYA KESEHATAN',
  renja: 40,
  sasaran: null,
  version: 1,
};
const kegiatan: Schemas['RenjaKegiatan'] = {
  ...stamp,
  id: 60,
  pemda: 1,
  nomenklatur: 204,
  kode: '1.02.02.2.01',
  nama: 'Penyediaan Fasilitas Pelayanan Kesehatan',
  renja: 40,
  program: 50,
  version: 1,
};
const sub = (id: number, nomenklatur: number, kode: string, nama: string, pagu: string): Schemas['RenjaSubKegiatan'] => ({
  ...stamp,
  id,
  pemda: 1,
  nomenklatur,
  kode,
  nama,
  renja: 40,
  kegiatan: 60,
  lokasi: [],
  lokasi_uraian: '',
  bulan_mulai: 1,
  bulan_selesai: 12,
  sumber_dana: null,
  pagu_indikatif: pagu,
  prioritas_nasional: false,
  prioritas_provinsi: false,
  prioritas_daerah: false,
  spm: false,
  version: 1,
});
const rumahSakit = sub(70, 205, '1.02.02.2.01.0001', 'Pembangunan Rumah Sakit', '1500000000.10');
const puskesmas = sub(71, 206, '1.02.02.2.01.0002', 'Pembangunan Puskesmas', '250000000.25');

const nomenklaturRow = (id: number, kode: string, nama: string, extra: Partial<Schemas['Nomenklatur']> = {}) => ({
  id,
  version: 11,
  kode,
  nama,
  level: 5 as const,
  parent: 204,
  child_count: 0,
  keterangan: '',
  kinerja: '',
  indikator: '',
  satuan: '',
  ...extra,
});

function routes(document: Schemas['Renja'], subs: Schemas['RenjaSubKegiatan'][]) {
  return {
    'GET /api/renja/': { body: page([document]) },
    'GET /api/renja-program/': { body: page([program]) },
    'GET /api/renja-kegiatan/': { body: page([kegiatan]) },
    'GET /api/renja-sub-kegiatan/': { body: page(subs) },
    'GET /api/indikator/': { body: page([]) },
    'GET /api/rkpd/': { body: page([]) },
    'GET /api/sumber-dana/': { body: page([{ id: 3, version: 12, kode: '1.1', nama: 'PAD', level: 2, parent: null, child_count: 0, keterangan: '' }]) },
    'GET /api/perangkat-daerah/': { body: page([{ id: 7, kode: OPD, nama: 'Dinas Kesehatan', singkatan: 'Dinkes', induk: null, is_active: true, version: 1 }]) },
  };
}

async function bodyOf(request: Request | undefined) {
  return request ? ((await request.clone().json()) as Record<string, unknown>) : undefined;
}

test('the penunjang code is shown with the OPD bidang and searched for as the list holds it', () => {
  expect(instantiate('X.XX.01.2.01.0001', OPD)).toBe('1.02.01.2.01.0001');
  expect(instantiate('1.02.02.2.01', OPD)).toBe('1.02.02.2.01');
  expect(searchTerm('1.02.01.2', OPD)).toBe('X.XX.01.2');
  expect(searchTerm(' rumah sakit ', OPD)).toBe('rumah sakit');
});

test('totals per kegiatan, program and OPD are the exact sums of the sub kegiatan pagu', () => {
  const totals = renjaTotals({ program: [program], kegiatan: [kegiatan], subKegiatan: [rumahSakit, puskesmas] });
  expect(totals.kegiatan.get(60)).toBe('1750000000.35');
  expect(totals.program.get(50)).toBe('1750000000.35');
  expect(totals.total).toBe('1750000000.35');
});

test('an OPD planner searches the nomenclature by words, picks a sub kegiatan and sees it under its kegiatan', async () => {
  // given Dinkes's draft Renja with one sub kegiatan
  let subs = [rumahSakit];
  const api = installFakeApi({
    'GET /api/auth/me/': { body: opdPlannerUser },
    ...routes(renja, subs),
    'GET /api/renja-sub-kegiatan/': () => ({ body: page(subs) }),
    'GET /api/nomenklatur/': (_request, url) => ({
      body: page(
        url.searchParams.get('q') === 'puskesmas'
          ? [nomenklaturRow(206, '1.02.02.2.01.0002', 'Pembangunan Puskesmas')]
          : [
              nomenklaturRow(205, '1.02.02.2.01.0001', 'Pembangunan Rumah Sakit'),
              nomenklaturRow(206, '1.02.02.2.01.0002', 'Pembangunan Puskesmas'),
            ],
      ),
    }),
    'POST /api/renja-sub-kegiatan/': () => {
      subs = [rumahSakit, puskesmas];
      return { status: 201, body: puskesmas };
    },
  });
  const { user } = renderApp('/renja');

  // then the OPD total is the sum of its sub kegiatan
  expect(await screen.findByLabelText('Total pagu indikatif OPD')).toHaveTextContent('Rp 1.500.000.000,10');

  // when the planner adds a sub kegiatan under the kegiatan, searching by a word of its name
  await user.click(screen.getByRole('button', { name: 'Tambah sub kegiatan di 1.02.02.2.01' }));
  const results = await screen.findByRole('list', { name: 'Pilihan sub kegiatan' });
  // the one already planned is offered but cannot be picked twice
  expect(within(results).getByRole('button', { name: /1\.02\.02\.2\.01\.0001/ })).toBeDisabled();
  await user.type(screen.getByLabelText('Cari sub kegiatan'), 'puskesmas');
  await waitFor(() =>
    expect(
      api.requests.some((r) => new URL(r.url).pathname === '/api/nomenklatur/' && new URL(r.url).searchParams.get('q') === 'puskesmas'),
    ).toBe(true),
  );
  const search = api.requests.filter((r) => new URL(r.url).pathname === '/api/nomenklatur/').at(-1)!;
  expect(Object.fromEntries(new URL(search.url).searchParams)).toMatchObject({
    level: '5',
    parent: '204',
    tahun: String(new Date().getFullYear()),
    pemda_level: 'KABKOT',
  });
  await waitFor(() =>
    expect(within(screen.getByRole('list', { name: 'Pilihan sub kegiatan' })).getAllByRole('button')).toHaveLength(1),
  );
  await user.click(screen.getByRole('button', { name: /1\.02\.02\.2\.01\.0002 Pembangunan Puskesmas/ }));

  // then it was created under the kegiatan, and the totals follow the API's rows
  const post = api.requests.find((r) => r.method === 'POST' && r.url.endsWith('/api/renja-sub-kegiatan/'));
  expect(await bodyOf(post)).toEqual({ kegiatan: 60, nomenklatur: 206 });
  expect(await screen.findByLabelText('Total program 1.02.02')).toHaveTextContent('Rp 1.750.000.000,35');
  expect(screen.getByLabelText('Total pagu indikatif OPD')).toHaveTextContent('Rp 1.750.000.000,35');
  // and the new sub kegiatan is open for its details
  expect(await screen.findByRole('form', { name: 'Rincian sub kegiatan 1.02.02.2.01.0002' })).toBeInTheDocument();
});

test('the API refusal of a pagu shows next to the pagu field', async () => {
  // given
  const api = installFakeApi({
    'GET /api/auth/me/': { body: opdPlannerUser },
    ...routes(renja, [rumahSakit]),
    'GET /api/nomenklatur/205/': { body: nomenklaturRow(205, '1.02.02.2.01.0001', 'Pembangunan Rumah Sakit') },
    'PATCH /api/renja-sub-kegiatan/70/': {
      status: 400,
      body: { pagu_indikatif: ['Pastikan jumlah digit tidak lebih dari 20.'] },
    },
  });
  const { user } = renderApp('/renja?sub=70');

  // when the planner types a pagu the Indonesian way and saves
  const pagu = await screen.findByLabelText('Pagu indikatif (Rp)');
  await user.clear(pagu);
  await user.type(pagu, '2.500.000,50');
  await user.selectOptions(screen.getByLabelText('Sumber dana'), '3');
  await user.click(screen.getByRole('button', { name: 'Simpan sub kegiatan' }));

  // then the body carries the decimal, and the message sits on the field
  expect(await screen.findByText('Pastikan jumlah digit tidak lebih dari 20.')).toBeInTheDocument();
  expect(screen.getByLabelText('Pagu indikatif (Rp)')).toHaveAttribute('aria-invalid', 'true');
  const patch = api.requests.find((r) => r.method === 'PATCH');
  expect(await bodyOf(patch)).toMatchObject({ pagu_indikatif: '2500000.50', sumber_dana: 3, version: 1 });
});

test('a submitted Renja is read-only with the reason, and Bappeda gets verify and return', async () => {
  // given a Renja submitted by the OPD planner
  installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    ...routes({ ...renja, status: 'submitted', submitted_by: 3, updated_by: 3 }, [rumahSakit]),
  });
  renderApp('/renja?opd=7&sub=70');

  // then nothing can be changed, and why is said
  expect(await screen.findByText(/sudah diajukan dan sedang diperiksa Bappeda/)).toBeInTheDocument();
  expect(await screen.findByLabelText('Pagu indikatif (Rp)')).toBeDisabled();
  expect(screen.queryByRole('button', { name: /^Tambah / })).not.toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Simpan sub kegiatan' })).not.toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Impor' })).not.toBeInTheDocument();
  expect(screen.getByRole('link', { name: 'Unduh Renja (.xlsx)' })).toHaveAttribute('href', '/api/renja/40/export/');
  // and the workflow offers the checker's actions
  expect(screen.getByRole('button', { name: 'Verifikasi' })).toBeEnabled();
  expect(screen.getByRole('button', { name: 'Kembalikan' })).toBeInTheDocument();
});

test('returning needs a note: the API refusal shows under the note field', async () => {
  // given
  const api = installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    ...routes({ ...renja, status: 'submitted', submitted_by: 3, updated_by: 3 }, []),
    'POST /api/renja/40/return/': { status: 400, body: { catatan: ['Catatan wajib diisi saat mengembalikan dokumen.'] } },
  });
  const { user } = renderApp('/renja?opd=7');

  // when
  await user.click(await screen.findByRole('button', { name: 'Kembalikan' }));
  const dialog = await screen.findByRole('dialog');
  await user.click(within(dialog).getByRole('button', { name: 'Kembalikan' }));

  // then
  expect(await within(dialog).findByText('Catatan wajib diisi saat mengembalikan dokumen.')).toBeInTheDocument();
  expect(api.requests.some((r) => r.url.endsWith('/api/renja/40/return/'))).toBe(true);
});

test('the maker of a Renja is told why the server refuses their verification', async () => {
  // given a Bappeda planner who changed the submitted Renja themselves
  installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    ...routes({ ...renja, status: 'submitted', submitted_by: 3, updated_by: bappedaUser.id }, []),
  });
  renderApp('/renja?opd=7');

  // then verify is not offered to them, with the rule
  expect(await screen.findByRole('button', { name: 'Verifikasi' })).toBeDisabled();
  expect(screen.getAllByRole('note').some((note) => /maker-checker/.test(note.textContent ?? ''))).toBe(true);
});

test('a refused import lists every bad row with its column and reason', async () => {
  // given
  installFakeApi({
    'GET /api/auth/me/': { body: opdPlannerUser },
    ...routes(renja, []),
    'POST /api/renja/40/import/': {
      status: 400,
      body: {
        detail: 'Berkas berisi kesalahan.',
        code: 'import_rejected',
        error_count: 2,
        errors: [
          { row: 3, column: 'kode_sub_kegiatan', reason: 'Kode 9.99 tidak ada dalam nomenklatur.' },
          { row: 5, column: 'pagu', reason: 'Bukan angka.' },
        ],
      },
    },
  });
  const { user } = renderApp('/renja');

  // when
  const input = await screen.findByLabelText('Berkas sub kegiatan (.xlsx atau .csv)');
  await user.upload(input, new File(['kode,pagu'], 'renja.csv', { type: 'text/csv' }));
  await user.click(screen.getByRole('button', { name: 'Impor' }));

  // then
  const table = await screen.findByRole('table', { name: 'Kesalahan per baris' });
  expect(within(table).getAllByRole('row')).toHaveLength(3);
  expect(within(table).getByText('Kode 9.99 tidak ada dalam nomenklatur.')).toBeInTheDocument();
  expect(within(table).getByText('pagu')).toBeInTheDocument();
  expect(screen.getByText(/Perbaiki 2 kesalahan/)).toBeInTheDocument();
});
