import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '@/api/client';
import { installFakeApi, page } from '@/test/fake-api';
import { bappedaUser } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';

// organisation/permissions.py:MATRIX, the opd_finance column for the resources these screens use.
const bendahara: Schemas['Me'] = {
  ...bappedaUser,
  id: 5,
  username: 'bendahara.dinkes',
  role: 'opd_finance',
  role_label: 'Bendahara / PPK OPD',
  perangkat_daerah: { id: 7, kode: '1.02.0.00.0.00.01.0000', nama: 'Dinas Kesehatan', singkatan: 'Dinkes' },
  permissions: { 'budget-line': 'rw', 'anggaran-kas': 'rw', anggaran: 'r', plafon: 'r', 'standar-harga': 'r', report: 'r' },
};

function stage(overrides: Partial<Schemas['Anggaran']> = {}): Schemas['Anggaran'] {
  return {
    id: 21,
    tahun: 2026,
    tahap: 'rka',
    tahap_label: 'RKA',
    nomor: 1,
    status: 'open',
    sumber: null,
    keterangan: '',
    aturan_renja: 'refuse',
    closed_at: null,
    opd_locks: [],
    ringkasan: null,
    version: 1,
    ...overrides,
  };
}

const SUB = '1.02.02.2.01.0001';

const renjaSub = {
  id: 1,
  pemda: 1,
  nomenklatur: 105,
  kode: SUB,
  nama: 'Pengembangan Rumah Sakit',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  renja: 3,
  kegiatan: 2,
  sumber_dana: 44,
};

function line(overrides: Partial<Schemas['BudgetLine']> = {}): Schemas['BudgetLine'] {
  return {
    id: 501,
    anggaran: 21,
    perangkat_daerah: 7,
    jenis: 'belanja',
    sub_kegiatan: 105,
    sub_kegiatan_kode: SUB,
    akun: 31,
    akun_kode: '5.1.02.01.01.0024',
    sumber_dana: 44,
    kelompok: '[#] Belanja Bahan',
    keterangan: '',
    komponen: 'Kertas HVS A4',
    standar_harga: null,
    kode_standar_harga: '',
    volume_1: '2.0000',
    satuan_1: 'Orang',
    volume_2: '3.0000',
    satuan_2: 'Hari',
    volume_3: null,
    satuan_3: '',
    volume_4: null,
    satuan_4: '',
    koefisien: '2 Orang x 3 Hari',
    harga_satuan: '150000.00',
    ppn: '11.00',
    jumlah: '999000.00',
    melebihi_plafon: false,
    di_luar_renja: false,
    kunci: '00000000-0000-0000-0000-000000000001',
    version: 4,
    ...overrides,
  };
}

function plafon(terpakai: string, sisa: string): Schemas['Plafon'] {
  return {
    id: 61,
    anggaran: 21,
    perangkat_daerah: 7,
    program_kode: '',
    sub_kegiatan_kode: SUB,
    jumlah: '2000000.00',
    terpakai,
    sisa,
    mode: 'refuse',
    version: 1,
  };
}

const reportHeader: Schemas['ReportHeader'] = {
  pemda: 'Kabupaten Sukamaju',
  tahun: 2026,
  bulan: 12,
  triwulan: null,
  periode: '2026',
  tahap: { id: 21, tahap: 'rka', nomor: 1, label: 'RKA 2026' },
  perangkat_daerah: 7,
  perangkat_daerah_nama: 'Dinas Kesehatan',
  level: 'opd',
  sumber_dana: null,
  sumber_dana_nama: null,
};

function rincianApi(
  options: { stage?: Schemas['Anggaran']; lines?: Schemas['BudgetLine'][]; anomalies?: Schemas['AnomalyRow'][]; me?: Schemas['Me'] } = {},
) {
  let saved = false;
  const api = installFakeApi({
    'GET /api/auth/me/': { body: options.me ?? bendahara },
    'GET /api/anggaran/': { body: page([options.stage ?? stage()]) },
    'GET /api/renja-sub-kegiatan/': { body: page([renjaSub]) },
    'GET /api/budget-lines/': { body: page(options.lines ?? [line()]) },
    'GET /api/plafon/': () => ({
      body: page([saved ? plafon('1500000.00', '500000.00') : plafon('999000.00', '1001000.00')]),
    }),
    'GET /api/reports/anomali/': { body: { header: reportHeader, jumlah: 0, rows: options.anomalies ?? [] } },
    'GET /api/sumber-dana/': { body: page([{ id: 44, version: 5, kode: '1.2.01.01.02', nama: 'DAU', level: 5, parent: null, keterangan: '', child_count: 0 }]) },
    'GET /api/akun/31/': { body: { id: 31, version: 2, kode: '5.1.02.01.01.0024', nama: 'Belanja Alat Tulis Kantor', level: 6, parent: null, keterangan: '', child_count: 0 } },
  });
  // the ceiling's use as the server reads it once a line was written
  const markSaved = () => {
    saved = true;
  };
  return { ...api, markSaved };
}

const RINCIAN = `/anggaran/rincian?tahap=21&sub=${SUB}`;

async function cell(label: string) {
  return screen.findByRole('textbox', { name: label });
}

test('the grid shows the jumlah the server computed, after a save too, and the plafon use follows', async () => {
  // given a line whose server jumlah is 999 000
  const api = rincianApi();
  api.route('PATCH /api/budget-lines/501/', async (request) => {
    const body = (await request.json()) as Record<string, unknown>;
    api.markSaved();
    // the server's figure, not the client's: the SPA must show what it is sent back (and reads back after)
    const saved = line({ volume_1: String(body.volume_1), jumlah: '1500000.00', version: 5 });
    api.route('GET /api/budget-lines/', { body: page([saved]) });
    return { body: saved };
  });
  const { user } = renderApp(RINCIAN);
  expect(await cell('Jumlah, Kertas HVS A4')).toHaveValue('Rp\u00a0999.000,00');
  expect(await screen.findByText(/^Rp\s1\.001\.000,00$/)).toBeInTheDocument(); // sisa plafon
  expect(screen.getByText('[#] Belanja Bahan', { selector: 'tr.grid-heading th' })).toBeInTheDocument();

  // when the volume changes and the row is saved
  const volume = await cell('Volume 1, Kertas HVS A4');
  await user.clear(volume);
  await user.type(volume, '3');
  await user.click(screen.getByRole('button', { name: 'Simpan rincian' }));

  // then the body carried no jumlah, and the grid and the plafon show the server's figures
  await waitFor(async () => expect(await cell('Jumlah, Kertas HVS A4')).toHaveValue('Rp\u00a01.500.000,00'));
  const sent = api.requests.find((r) => r.method === 'PATCH')!;
  const body = (await sent.json()) as Record<string, unknown>;
  expect(body).not.toHaveProperty('jumlah');
  expect(body).toMatchObject({ volume_1: '3', version: 4 });
  expect(await screen.findByText(/^Rp\s500\.000,00$/)).toBeInTheDocument();
});

test('a new row without an akun is refused on its akun cell before anything is sent', async () => {
  const api = rincianApi({ lines: [] });
  const { user } = renderApp(RINCIAN);
  await user.click(await screen.findByRole('button', { name: 'Tambah baris kosong' }));
  await user.type(await cell('Komponen, rincian baru 1'), 'Sewa gedung');
  await user.type(await cell('Volume 1, Sewa gedung'), '1');
  await user.type(await cell('Harga satuan, Sewa gedung'), '5.000.000');
  await user.click(screen.getByRole('button', { name: 'Simpan rincian' }));
  expect(await screen.findByText('Pilih akun.')).toBeInTheDocument();
  expect(screen.getByRole('combobox', { name: 'Akun, Sewa gedung' })).toHaveAttribute('aria-invalid', 'true');
  expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
});

test('server field errors and a stale edit are shown on their row', async () => {
  const api = rincianApi({ lines: [line(), line({ id: 502, komponen: 'Map plastik', kelompok: '[#] Belanja Bahan', version: 1 })] });
  api.route('PATCH /api/budget-lines/501/', {
    status: 400,
    body: { jumlah: ['Plafon 1.02.02.2.01.0001 Rp 2,000,000.00 terlampaui: lebih Rp 100,000.00.'] },
  });
  api.route('PATCH /api/budget-lines/502/', { status: 412, body: { detail: 'Precondition failed.' } });
  const { user } = renderApp(RINCIAN);
  for (const name of ['Kertas HVS A4', 'Map plastik']) {
    const volume = await cell(`Volume 1, ${name}`);
    await user.clear(volume);
    await user.type(volume, '9');
  }
  await user.click(screen.getByRole('button', { name: 'Simpan rincian' }));

  const jumlah = await cell('Jumlah, Kertas HVS A4');
  await waitFor(() => expect(jumlah).toHaveAttribute('aria-invalid', 'true'));
  expect(jumlah).toHaveAccessibleDescription(/Plafon 1\.02\.02\.2\.01\.0001 .* terlampaui/);
  expect(await cell('Jumlah, Map plastik')).toHaveAccessibleDescription('Data sudah diubah orang lain, muat ulang.');
  // the refused rows keep what was typed
  expect(await cell('Volume 1, Kertas HVS A4')).toHaveValue('9');
});

test('a block of 2 × 3 cells pasted from Excel fills the grid, adding the row it needs', async () => {
  rincianApi();
  renderApp(RINCIAN);
  const volume = await cell('Volume 1, Kertas HVS A4');
  fireEvent.paste(volume, { clipboardData: { getData: () => '5\tPaket\t2\r\n7\tLembar\t4\r\n' } });

  expect(await cell('Volume 1, Kertas HVS A4')).toHaveValue('5');
  expect(await cell('Satuan 1, Kertas HVS A4')).toHaveValue('Paket');
  expect(await cell('Volume 2, Kertas HVS A4')).toHaveValue('2');
  expect(await cell('Volume 1, rincian baru 2')).toHaveValue('7');
  expect(await cell('Satuan 1, rincian baru 2')).toHaveValue('Lembar');
  expect(await cell('Volume 2, rincian baru 2')).toHaveValue('4');
  // a pasted row has no jumlah until the server computes it
  expect(await cell('Jumlah, rincian baru 2')).toHaveValue('');
});

test('the grid is read-only, and says why, when the OPD is locked in the stage', async () => {
  rincianApi({ stage: stage({ opd_locks: [{ perangkat_daerah: 7, is_closed: true, changed_at: '2026-03-01T00:00:00Z' }] }) });
  renderApp(RINCIAN);
  expect(await screen.findByText(/Perangkat daerah ini sudah dikunci pada tahap RKA/)).toBeInTheDocument();
  expect(await cell('Volume 1, Kertas HVS A4')).toBeDisabled();
  expect(screen.queryByRole('button', { name: 'Simpan rincian' })).not.toBeInTheDocument();
  expect(screen.queryByRole('button', { name: /Tambah/ })).not.toBeInTheDocument();
});

test('a closed stage is read-only too', async () => {
  rincianApi({ stage: stage({ status: 'closed' }) });
  renderApp(RINCIAN);
  expect(await screen.findByText(/Tahap RKA sudah dikunci/)).toBeInTheDocument();
  expect(await cell('Komponen, Kertas HVS A4')).toBeDisabled();
  expect(screen.queryByRole('button', { name: 'Impor rincian' })).not.toBeInTheDocument();
});

const xlsx = () =>
  new File(['PK'], 'rincian.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });

test('a rejected rincian sheet lists every bad row; a good one is added and the grid shows its line', async () => {
  // given: the server rejects the first file, then takes the second
  const api = rincianApi();
  api.route('POST /api/budget-lines/import/', {
    status: 400,
    body: {
      detail: '2 kesalahan; tidak ada data yang diimpor.',
      code: 'import_rejected',
      error_count: 2,
      errors: [
        { row: 9, column: 'VOLUME', reason: "'banyak' bukan angka." },
        { row: 12, column: 'JUMLAH', reason: 'Jumlah Rp 500.000,00 tidak sama dengan volume × harga satuan = Rp 550.000,00.' },
      ],
    },
  });
  const { user } = renderApp(RINCIAN);
  await user.click(await screen.findByRole('button', { name: 'Impor rincian' }));
  expect(screen.getByRole('radio', { name: 'Ganti rincian sub kegiatan ini' })).toBeChecked();

  // when the bad file is sent
  await user.upload(screen.getByLabelText('Berkas rincian'), xlsx());
  await user.click(screen.getByRole('button', { name: 'Impor' }));

  // then every bad row is listed with its column, and the grid still has its line
  const errors = await screen.findByRole('region', { name: 'Kesalahan per baris' });
  expect(within(errors).getAllByRole('row')).toHaveLength(3);
  expect(within(errors).getByText("'banyak' bukan angka.").closest('tr')).toHaveTextContent('9VOLUME');
  expect(screen.getByText('2 kesalahan; tidak ada data yang diimpor.')).toHaveAttribute('role', 'alert');
  const sent = await api.requests.find((r) => r.method === 'POST')!.formData();
  expect(Object.fromEntries([...sent.entries()].filter(([key]) => key !== 'file'))).toEqual({
    anggaran: '21',
    perangkat_daerah: '7',
    sub_kegiatan: '105',
    mode: 'replace',
  });

  // when a good file is sent in append mode
  const imported = line({ id: 601, komponen: 'Pulpen', volume_1: '24.0000', satuan_1: 'Buah', volume_2: null, satuan_2: '', harga_satuan: '2500.00', jumlah: '60000.00' });
  api.route('POST /api/budget-lines/import/', () => {
    api.route('GET /api/budget-lines/', { body: page([line(), imported]) });
    return {
      status: 201,
      body: { mode: 'append', created: 1, removed: 0, total: '60000.00', linked: 0, flagged: 0, warnings: [{ row: 9, column: 'NAMA KOMPONEN', reason: 'Komponen SSH tidak ada di standar harga.', original: '', value: '' }] },
    };
  });
  await user.click(screen.getByRole('radio', { name: 'Tambahkan ke rincian yang ada' }));
  await user.upload(screen.getByLabelText('Berkas rincian'), xlsx());
  await user.click(screen.getByRole('button', { name: 'Impor' }));

  // then the summary says what was done, the warnings are listed, and the grid shows the new line
  expect(await screen.findByText(/1 rincian diimpor, jumlah Rp\s60\.000,00 \(ditambahkan/)).toBeInTheDocument();
  expect(screen.getByRole('list', { name: 'Catatan impor' })).toHaveTextContent('Baris 9 (NAMA KOMPONEN)');
  expect(await cell('Volume 1, Pulpen')).toHaveValue('24');
  const second = await api.requests.filter((r) => r.method === 'POST')[1]!.formData();
  expect(second.get('mode')).toBe('append');
});

test('a big rincian sheet runs as a job: progress while it runs, then the summary', async () => {
  let polls = 0;
  const api = rincianApi();
  api.route('POST /api/budget-lines/import/', {
    status: 202,
    body: { id: 91, kind: 'rincian', filename: 'rincian.xlsx', status: 'queued', status_label: 'Menunggu', result: null },
  });
  api.route('GET /api/jobs/91/', () => {
    polls += 1;
    return polls < 2
      ? { body: { id: 91, status: 'running', status_label: 'Berjalan', result: null } }
      : {
          body: {
            id: 91,
            status: 'done',
            status_label: 'Selesai',
            result: { mode: 'replace', created: 4, removed: 1, total: '1585000.00', linked: 2, flagged: 0, warnings: [] },
          },
        };
  });
  const { user } = renderApp(RINCIAN);
  await user.click(await screen.findByRole('button', { name: 'Impor rincian' }));
  await user.upload(screen.getByLabelText('Berkas rincian'), xlsx());
  await user.click(screen.getByRole('button', { name: 'Impor' }));
  expect(await screen.findByRole('progressbar', { name: 'Proses impor' })).toBeInTheDocument();
  expect(
    await screen.findByText(/4 rincian diimpor, jumlah Rp\s1\.585\.000,00 \(mode ganti: 1 rincian lama dihapus\); 2 tertaut/, {}, { timeout: 5000 }),
  ).toBeInTheDocument();
  expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
});

test('the rincian import is not offered on an execution stage', async () => {
  rincianApi({ stage: stage({ tahap: 'dpa', tahap_label: 'DPA' }) });
  renderApp(RINCIAN);
  expect(await screen.findByText(/DPA adalah dokumen pelaksanaan/)).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Impor rincian' })).not.toBeInTheDocument();
});

test('the rincian import is not offered to a role that only reads the lines', async () => {
  rincianApi({ me: { ...bendahara, permissions: { ...bendahara.permissions, 'budget-line': 'r' } } });
  renderApp(RINCIAN);
  expect(await screen.findByText(/Peran Anda hanya dapat melihat rincian belanja/)).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Impor rincian' })).not.toBeInTheDocument();
});

test('anomaly flags are shown with their reasons on the line they concern', async () => {
  rincianApi({
    anomalies: [
      {
        budget_line: 501,
        perangkat_daerah: 7,
        perangkat_daerah_kode: '1.02.0.00.0.00.01.0000',
        sub_kegiatan_kode: SUB,
        sub_kegiatan: 'Pengembangan Rumah Sakit',
        akun_kode: '5.1.02.01.01.0024',
        komponen: 'Kertas HVS A4',
        satuan: 'Orang',
        volume: '6.0000',
        harga_satuan: '150000.00',
        jumlah: '999000.00',
        harga_standar: '50000.00',
        rasio: '3.00',
        skor: '5.00',
        aturan: [{ kode: 'di_atas_standar', alasan: 'Harga satuan 3× standar harga.' }],
        tahap_muncul: null,
      },
    ],
  });
  renderApp(RINCIAN);
  const row = (await cell('Komponen, Kertas HVS A4')).closest('tr')!;
  expect(await within(row as HTMLElement).findByText('Anomali')).toBeInTheDocument();
  expect(within(row as HTMLElement).getByText('Harga satuan 3× standar harga.')).toBeInTheDocument();
});

// ---------------------------------------------------------------- anggaran kas

function kasMeasures(pagu: string, months: string[], seimbang: boolean) {
  return { pagu, anggaran_kas: months, jumlah: pagu, sd_bulan: pagu, selisih: '0.00', baris_tidak_seimbang: seimbang ? 0 : 1, seimbang };
}

test('an anggaran kas row whose months do not add up to its DPA amount is marked', async () => {
  const dpa = stage({ id: 24, tahap: 'dpa', tahap_label: 'DPA' });
  const months = Array.from({ length: 12 }, () => '100.00');
  const api = installFakeApi({
    'GET /api/auth/me/': { body: bendahara },
    'GET /api/anggaran/': { body: page([stage({ status: 'closed' }), dpa]) },
    'GET /api/renja-sub-kegiatan/': { body: page([renjaSub]) },
    'GET /api/budget-lines/': {
      body: page([
        line({ id: 601, anggaran: 24, komponen: 'Kertas HVS A4', jumlah: '1200.00' }),
        line({ id: 602, anggaran: 24, komponen: 'Map plastik', jumlah: '1300.00' }),
      ]),
    },
    'GET /api/anggaran-kas/': {
      body: page([
        { id: 71, anggaran: 24, perangkat_daerah: 7, budget_line: 601, pagu: '1200.00', bulan: months, version: 1 },
        { id: 72, anggaran: 24, perangkat_daerah: 7, budget_line: 602, pagu: '1300.00', bulan: months, version: 1 },
      ]),
    },
    'GET /api/reports/anggaran-kas/': {
      body: {
        header: reportHeader,
        rows: [{ ...kasMeasures('2500.00', months.map(() => '200.00'), false), level: 'opd', depth: 0, kode: '1.02.0.00.0.00.01.0000', uraian: 'Dinas Kesehatan', perangkat_daerah: 7, perangkat_daerah_kode: '1.02.0.00.0.00.01.0000', sub_kegiatan_kode: '', akun_kode: '' }],
        total: kasMeasures('2500.00', months.map(() => '200.00'), false),
      },
    },
  });
  const { user } = renderApp(`/anggaran/kas?sub=${SUB}`);
  const balanced = (await screen.findByRole('textbox', { name: 'Jan, 5.1.02.01.01.0024 · Kertas HVS A4' })).closest('tr')!;
  const unbalanced = screen.getByRole('textbox', { name: 'Jan, 5.1.02.01.01.0024 · Map plastik' }).closest('tr')!;
  expect(within(balanced).getByText('seimbang')).toBeInTheDocument();
  expect(unbalanced).toHaveClass('row-unbalanced');
  expect(within(unbalanced).getByText(/tidak seimbang \(selisih Rp\s100,00\)/)).toBeInTheDocument();
  // the OPD's monthly totals come from the report
  expect(screen.getAllByText(/^Rp\s200,00$/)).toHaveLength(12);

  // when December of the second row takes the difference, it is balanced, and saved with its version
  api.route('PUT /api/anggaran-kas/72/', async (request) => ({ body: { ...(await request.json()), id: 72 } }));
  const december = screen.getByRole('textbox', { name: 'Des, 5.1.02.01.01.0024 · Map plastik' });
  await user.clear(december);
  await user.type(december, '200');
  expect(unbalanced).not.toHaveClass('row-unbalanced');
  await user.click(screen.getByRole('button', { name: 'Simpan anggaran kas' }));
  await waitFor(() => expect(api.requests.some((r) => r.method === 'PUT')).toBe(true));
  const sent = (await api.requests.find((r) => r.method === 'PUT')!.json()) as { bulan: string[]; version: number };
  expect(sent.bulan[11]).toBe('200');
  expect(sent.version).toBe(1);
});
