import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '@/api/client';
import { installFakeApi, page, type Routes } from '@/test/fake-api';
import { pemda } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';
import { jenisFor, stageInForce } from './rules';

// organisation/permissions.py:MATRIX, the rows this screen looks at, for bendahara (opd_finance) and BPKAD (finance).
const bendahara: Schemas['Me'] = {
  id: 21,
  username: 'bendahara.dinkes',
  first_name: 'Rina',
  last_name: 'Kartika',
  role: 'opd_finance',
  role_label: 'Bendahara / PPK OPD',
  pemda,
  perangkat_daerah: { id: 7, kode: '1.02.0.00.0.00.01.0000', nama: 'Dinas Kesehatan', singkatan: 'Dinkes' },
  is_superuser: false,
  permissions: { realisasi: 'rw', 'realisasi-periode': 'r', report: 'r', job: 'r' },
};

const keuangan: Schemas['Me'] = {
  ...bendahara,
  id: 22,
  username: 'keuangan',
  role: 'finance',
  role_label: 'TAPD / BPKAD',
  perangkat_daerah: null as unknown as Schemas['Me']['perangkat_daerah'],
  permissions: { realisasi: 'rw', 'realisasi-periode': 'rw', report: 'r', job: 'r' },
};

const stages = [
  { id: 2, tahun: 2026, tahap: 'rka', tahap_label: 'RKA', nomor: 1 },
  { id: 4, tahun: 2026, tahap: 'dpa', tahap_label: 'DPA', nomor: 1 },
];

// The server's figures: sisa deliberately not pagu − realisasi, so a screen that computes it shows the wrong one.
const line: Schemas['RealisasiRingkasan'] = {
  id: 501,
  anggaran: 4,
  perangkat_daerah: 7,
  jenis: 'belanja',
  sub_kegiatan_kode: '1.02.02.2.01.0001',
  sub_kegiatan_nama: 'Pengadaan Obat dan Vaksin',
  akun_kode: '5.1.02.01.01.0024',
  akun_nama: 'Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor',
  komponen: 'Kertas HVS A4',
  pagu: '10000000.00',
  rak_sd_bulan: '2500000.00',
  realisasi_sd_bulan: '1000000.00',
  sisa: '8765432.10',
};

function entry(id: number, extra: Partial<Schemas['Realisasi']> = {}): Schemas['Realisasi'] {
  return {
    id,
    anggaran: 4,
    perangkat_daerah: 7,
    budget_line: 501,
    sub_kegiatan_kode: line.sub_kegiatan_kode,
    akun_kode: line.akun_kode,
    komponen: line.komponen,
    tanggal: '2026-03-10',
    bulan: 3,
    jenis: 'sp2d_ls',
    nomor_dokumen: `SP2D-${id}`,
    jumlah: '250000.00',
    keterangan: '',
    melebihi_dpa: false,
    is_void: false,
    void_alasan: '',
    voided_at: null,
    created_at: '2026-03-10T03:00:00Z',
    ...extra,
  };
}

const periods: Schemas['RealisasiPeriode'][] = [
  {
    id: 31,
    tahun: 2026,
    bulan: 2,
    is_closed: true,
    alasan: 'Tutup buku Februari',
    changed_by: 22,
    updated_at: '2026-03-05T02:00:00Z',
    version: 1,
  },
];

function api(me: Schemas['Me'], routes: Routes = {}) {
  localStorage.setItem('pagu.period', JSON.stringify({ tahun: 2026 }));
  return installFakeApi({
    'GET /api/auth/me/': { body: me },
    'GET /api/anggaran/': { body: page(stages) },
    'GET /api/perangkat-daerah/': { body: page([{ id: 7, kode: '1.02', nama: 'Dinas Kesehatan', singkatan: 'Dinkes' }]) },
    'GET /api/realisasi-periode/': { body: page(periods) },
    'GET /api/realisasi-ringkasan/': { body: page([line]) },
    'GET /api/realisasi-ringkasan/501/': { body: line },
    'GET /api/realisasi/': { body: page([entry(1), entry(2, { is_void: true, void_alasan: 'Salah rekening' })]) },
    'GET /api/realisasi/totals/': { body: { count: 1, jumlah: '250000.00', void_count: 1, void_jumlah: '250000.00' } },
    ...routes,
  });
}

async function pickLine(user: ReturnType<typeof renderApp>['user']) {
  await user.type(await screen.findByLabelText('Cari rincian DPA'), 'kertas');
  await user.click(await screen.findByRole('button', { name: /Kertas HVS A4/ }));
}

test('the stage in force is the latest execution stage; receipts take an STS, payments an SP2D / SPJ', () => {
  const stage = (tahap: string, nomor: number) => ({ id: nomor, tahun: 2026, tahap, tahap_label: tahap, nomor });
  expect(stageInForce([stage('rka', 1), stage('dpa', 2), stage('pergeseran', 3), stage('pergeseran', 4)] as never)?.id).toBe(4);
  expect(stageInForce([stage('rka', 1), stage('apbd', 2)] as never)).toBeNull();
  expect(jenisFor('4.1.01.06.01.0001')).toEqual(['penerimaan', 'pengembalian']);
  expect(jenisFor('6.1.01.01.01.0001')).toEqual(['penerimaan', 'pengembalian']);
  expect(jenisFor('6.2.02.01.01.0001')).toEqual(['sp2d_ls', 'spj_gu', 'spj_tu', 'pengembalian']);
});

test("the chosen line shows the server's pagu, anggaran kas, realization and remaining, not a sum of its own", async () => {
  api(bendahara);
  const { user } = renderApp('/realisasi');
  expect(await screen.findByRole('link', { name: 'Realisasi' })).toBeInTheDocument();
  await pickLine(user);
  const chosen = screen.getByLabelText('Rincian terpilih');
  expect(within(chosen).getByText('Rp 10.000.000,00')).toBeInTheDocument();
  expect(within(chosen).getByTestId('line-realisasi')).toHaveTextContent('Rp 1.000.000,00');
  expect(within(chosen).getByTestId('line-sisa')).toHaveTextContent('Rp 8.765.432,10');
  expect(within(chosen).getByText(/Anggaran kas s\.d\./)).toBeInTheDocument();
});

test('the server refuses a duplicate number and an over-DPA amount: each message sits on its field', async () => {
  const fake = api(bendahara, {
    'POST /api/realisasi/': {
      status: 400,
      body: {
        nomor_dokumen: ['Nomor dokumen SP2D-9 (SP2D-LS) sudah tercatat.'],
        jumlah: ['Realisasi melampaui pagu DPA rincian.'],
      },
    },
  });
  const { user } = renderApp('/realisasi');
  await pickLine(user);
  await user.type(screen.getByLabelText(/Nomor SP2D/), 'SP2D-9');
  await user.clear(screen.getByLabelText(/Tanggal/));
  await user.type(screen.getByLabelText(/Tanggal/), '2026-03-15');
  await user.type(screen.getByLabelText(/Jumlah/), '1.250.000,50');
  expect(screen.getByText('Rp 1.250.000,50')).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Catat realisasi' }));

  expect(await screen.findByLabelText(/Nomor SP2D/)).toHaveAccessibleDescription(/sudah tercatat/);
  expect(screen.getByLabelText(/Jumlah/)).toHaveAccessibleDescription(/melampaui pagu DPA/);
  const sent = fake.requests.find((r) => r.method === 'POST' && new URL(r.url).pathname === '/api/realisasi/');
  expect(await sent!.json()).toEqual({
    budget_line: 501,
    tanggal: '2026-03-15',
    jenis: 'sp2d_ls',
    nomor_dokumen: 'SP2D-9',
    jumlah: '1250000.50',
    keterangan: '',
  });
});

test('a month closed between loading and posting: the 409 is shown on the date', async () => {
  api(bendahara, {
    'POST /api/realisasi/': {
      status: 409,
      body: { detail: 'Periode realisasi 03/2026 sudah ditutup (tutup buku).', code: 'period_closed' },
    },
  });
  const { user } = renderApp('/realisasi');
  await pickLine(user);
  await user.type(screen.getByLabelText(/Nomor SP2D/), 'SP2D-10');
  await user.clear(screen.getByLabelText(/Tanggal/));
  await user.type(screen.getByLabelText(/Tanggal/), '2026-03-15');
  await user.type(screen.getByLabelText(/Jumlah/), '1000');
  await user.click(screen.getByRole('button', { name: 'Catat realisasi' }));
  expect(await screen.findByLabelText(/Tanggal/)).toHaveAccessibleDescription(/sudah ditutup/);
});

test('a date in a closed month disables the entry and says why', async () => {
  api(bendahara);
  const { user } = renderApp('/realisasi');
  await pickLine(user);
  await user.clear(screen.getByLabelText(/Tanggal/));
  await user.type(screen.getByLabelText(/Tanggal/), '2026-02-20');
  expect(screen.getByTestId('closed-month')).toHaveTextContent('Periode Februari 2026 sudah ditutup (tutup buku): Tutup buku Februari');
  expect(screen.getByRole('button', { name: 'Catat realisasi' })).toBeDisabled();
});

test("the list shows the server's totals, voided entries struck through, and voiding asks for a reason", async () => {
  const fake = api(bendahara, {
    'POST /api/realisasi/1/void/': { body: entry(1, { is_void: true, void_alasan: 'Nomor salah' }) },
  });
  const { user } = renderApp('/realisasi?tab=daftar');
  expect(await screen.findByTestId('entry-totals')).toHaveTextContent(
    '1 entri sah, jumlah Rp 250.000,00 · 1 dibatalkan (Rp 250.000,00)',
  );
  const table = screen.getByRole('table');
  const voided = within(table).getByText('SP2D-2').closest('tr')!;
  expect(voided).toHaveClass('entry-void');
  expect(within(voided).getByText('Dibatalkan')).toBeInTheDocument();
  expect(within(voided).getByText(/Salah rekening/)).toBeInTheDocument();
  expect(within(voided).queryByRole('button', { name: /Batalkan/ })).not.toBeInTheDocument();
  // an OPD user gets no OPD filter (the server gives its own OPD)
  expect(screen.queryByLabelText('Perangkat daerah')).not.toBeInTheDocument();

  await user.click(within(table).getByRole('button', { name: 'Batalkan SP2D-1' }));
  const dialog = await screen.findByRole('dialog');
  await user.click(within(dialog).getByRole('button', { name: 'Batalkan realisasi' }));
  expect(within(dialog).getByText('Alasan wajib diisi.')).toBeInTheDocument();
  expect(fake.requests.some((r) => r.method === 'POST')).toBe(false);
  await user.type(within(dialog).getByLabelText(/Alasan pembatalan/), 'Nomor salah');
  await user.click(within(dialog).getByRole('button', { name: 'Batalkan realisasi' }));
  await waitFor(() => expect(fake.requests.some((r) => r.method === 'POST')).toBe(true));
  const sent = fake.requests.find((r) => r.method === 'POST')!;
  expect(new URL(sent.url).pathname).toBe('/api/realisasi/1/void/');
  expect(await sent.json()).toEqual({ alasan: 'Nomor salah' });
});

test('TAPD closes and reopens months; the bendahara sees their state only', async () => {
  api(bendahara);
  const first = renderApp('/realisasi?tab=periode');
  const table = await screen.findByRole('table');
  expect(within(table).getByText('Februari').closest('tr')).toHaveTextContent('Ditutup');
  expect(within(table).queryByRole('button')).not.toBeInTheDocument();
  expect(screen.queryByRole('tab', { name: 'Tutup buku' })).not.toBeInTheDocument();
  first.unmount();

  const fake = api(keuangan, {
    'POST /api/realisasi-periode/': { status: 201, body: { ...periods[0], id: 32, bulan: 3, alasan: '' } },
  });
  const { user } = renderApp('/realisasi?tab=periode');
  expect(await screen.findByRole('tab', { name: 'Tutup buku' })).toHaveAttribute('aria-selected', 'true');
  const months = await screen.findByRole('table');
  expect(within(months).getByRole('button', { name: 'Buka kembali Februari' })).toBeInTheDocument();
  await user.click(within(months).getByRole('button', { name: 'Tutup Maret' }));
  const dialog = await screen.findByRole('dialog');
  await user.click(within(dialog).getByRole('button', { name: 'Tutup periode' }));
  await waitFor(() => expect(fake.requests.some((r) => r.method === 'POST')).toBe(true));
  expect(await fake.requests.find((r) => r.method === 'POST')!.json()).toEqual({ tahun: 2026, bulan: 3, alasan: '' });
});

test('an import answered with a job is polled until it is rejected, then every bad row is listed', async () => {
  let polls = 0;
  api(keuangan, {
    'POST /api/realisasi/import/': {
      status: 202,
      body: { id: 77, kind: 'realisasi', filename: 'r.csv', status: 'queued', status_label: 'Menunggu', result: null },
    },
    'GET /api/jobs/77/': () => {
      polls += 1;
      return polls < 2
        ? { body: { id: 77, status: 'running', status_label: 'Berjalan', result: null } }
        : {
            body: {
              id: 77,
              status: 'rejected',
              status_label: 'Ditolak',
              result: {
                detail: '2 kesalahan; tidak ada data yang diimpor.',
                code: 'import_rejected',
                error_count: 2,
                errors: [
                  { row: 3, column: 'tanggal', reason: 'Bukan tanggal.' },
                  { row: 5, column: 'nomor_sp2d', reason: 'Nomor sudah tercatat.' },
                ],
              },
            },
          };
    },
  });
  const { user } = renderApp('/realisasi?tab=impor');
  const input = await screen.findByLabelText('Berkas realisasi');
  await user.upload(input, new File(['tanggal,nilai\n'], 'r.csv', { type: 'text/csv' }));
  await user.click(screen.getByRole('button', { name: 'Impor' }));
  expect(await screen.findByRole('progressbar', { name: 'Proses impor' })).toBeInTheDocument();
  const errors = await screen.findByRole('region', { name: 'Kesalahan per baris' }, { timeout: 5000 });
  expect(within(errors).getAllByRole('row')).toHaveLength(3);
  expect(within(errors).getByText('Nomor sudah tercatat.').closest('tr')).toHaveTextContent('5nomor_sp2d');
  expect(screen.getByText('2 kesalahan; tidak ada data yang diimpor.')).toHaveAttribute('role', 'alert');
});
