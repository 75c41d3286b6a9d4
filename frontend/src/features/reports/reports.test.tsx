import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '@/api/client';
import { installFakeApi, page } from '@/test/fake-api';
import { leaderUser, opdPlannerUser } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';
import { downloadHref, readQuery, withChanges } from './query';
import { formRows } from './components/evaluasi-report';
import { collapsedFrom, visibleRows } from './tree-rows';

const header: Schemas['ReportHeader'] = {
  pemda: 'Kabupaten Sukamaju',
  tahun: 2026,
  bulan: 6,
  triwulan: null,
  periode: 's.d. Juni 2026',
  tahap: { id: 4, tahap: 'dpa', nomor: 1, label: 'DPA 2026' },
  perangkat_daerah: null,
  perangkat_daerah_nama: null,
  level: 'opd',
  sumber_dana: null,
  sumber_dana_nama: null,
};

function measures(pagu: string, realisasi: string) {
  return {
    pagu,
    pagu_rka: pagu,
    anggaran_kas: pagu,
    realisasi,
    nilai_fisik: '0.00',
    sisa: '0.00',
    persen_realisasi: '50.00',
    persen_rak: '60.00',
    deviasi: '10.00',
    deviasi_relatif: null,
    fisik: null,
  };
}

function rfkRow(depth: number, level: string, kode: string, uraian: string, pagu: string) {
  return {
    ...measures(pagu, '1.00'),
    level,
    depth,
    kode,
    uraian,
    perangkat_daerah_kode: '1.02.0.00.0.00.01.0000',
    sumber_dana: '',
    permasalahan: '',
    tindak_lanjut: '',
  };
}

const rfk: Schemas['RfkReport'] = {
  header,
  rows: [
    rfkRow(0, 'opd', '1.02.0.00.0.00.01.0000', 'Dinas Kesehatan', '300.00'),
    rfkRow(1, 'program', '1.02.02', 'Program Pemenuhan Upaya Kesehatan', '300.00'),
    rfkRow(2, 'sub_kegiatan', '1.02.02.2.01.0001', 'Pengadaan Obat', '100.00'),
    rfkRow(2, 'sub_kegiatan', '1.02.02.2.01.0002', 'Pengadaan Alat Kesehatan', '200.00'),
    rfkRow(0, 'opd', '1.01.0.00.0.00.01.0000', 'Dinas Pendidikan', '700.00'),
  ],
  total: measures('1000.00', '500.00'),
  series: [],
};

const opd = [
  { id: 3, kode: '1.02.0.00.0.00.01.0000', nama: 'Dinas Kesehatan', singkatan: 'Dinkes' },
  { id: 4, kode: '1.01.0.00.0.00.01.0000', nama: 'Dinas Pendidikan', singkatan: 'Disdik' },
];

const stages = [
  { id: 4, tahun: 2026, tahap: 'dpa', tahap_label: 'DPA', nomor: 1 },
  { id: 2, tahun: 2026, tahap: 'rka', tahap_label: 'RKA', nomor: 1 },
];

function api(me: Schemas['Me'], routes: Record<string, unknown> = {}) {
  return installFakeApi({
    'GET /api/auth/me/': { body: me },
    'GET /api/perangkat-daerah/': { body: page(opd) },
    'GET /api/anggaran/': { body: page(stages) },
    'GET /api/reports/rfk/': { body: rfk },
    ...Object.fromEntries(Object.entries(routes).map(([key, body]) => [key, { body }])),
  });
}

test('a tree shows each closed row without its descendants, and opens to a depth', () => {
  const rows = [{ depth: 0 }, { depth: 1 }, { depth: 2 }, { depth: 2 }, { depth: 1 }, { depth: 0 }];
  expect(visibleRows(rows, new Set()).map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
  expect(visibleRows(rows, new Set([1])).map((r) => r.index)).toEqual([0, 1, 4, 5]);
  expect(visibleRows(rows, new Set([0])).map((r) => r.index)).toEqual([0, 5]);
  // a closed row inside a closed row stays hidden with it
  expect(visibleRows(rows, new Set([0, 1])).map((r) => r.index)).toEqual([0, 5]);
  expect([...collapsedFrom(rows, 1)]).toEqual([1]);
  expect([...collapsedFrom(rows, 0)]).toEqual([0, 1]);
});

test('the address gives the query: junk left out, month and quarter exclusive, the header year by default', () => {
  const query = readQuery(new URLSearchParams('bulan=13&triwulan=2&tahap=x&perangkat_daerah=3&level=akun&grain=zz'), 2026);
  expect(query).toEqual({ tahun: 2026, triwulan: 2, perangkat_daerah: 3, level: 'akun' });
  expect(readQuery(new URLSearchParams('bulan=5&triwulan=2&tahun=2025'), 2026)).toEqual({ tahun: 2025, bulan: 5 });
  expect(withChanges({ tahun: 2026, triwulan: 2 }, { bulan: 4 })).toEqual({ tahun: 2026, bulan: 4 });
  expect(withChanges({ tahun: 2026, tahap: 4, dengan: 2 }, { tahap: 5 })).toEqual({ tahun: 2026, tahap: 5 });
  expect(downloadHref('rfk', { tahun: 2026, perangkat_daerah: 3 }, 'xlsx')).toBe(
    '/api/reports/rfk/?tahun=2026&perangkat_daerah=3&format=xlsx',
  );
});

test("the RFK shows the server's rows and total, closes a branch, and an OPD row drills into that OPD", async () => {
  const fake = api(leaderUser);
  const { user, router } = renderApp('/laporan/rfk?bulan=6');
  const table = await screen.findByRole('table', { name: 'Realisasi fisik dan keuangan' });
  await within(table).findByText('Pengadaan Obat');
  expect(within(table).getAllByRole('row')).toHaveLength(1 + 5 + 1);
  expect(within(table).getByText('Jumlah').closest('tr')).toHaveTextContent(/^JumlahRp.1\.000,00/);
  expect(document.title).toBe('Realisasi Fisik dan Keuangan (RFK) · Pagu');

  await user.click(within(table).getAllByRole('button', { name: 'Tutup' })[0]!);
  expect(within(table).queryByText('Pengadaan Obat')).not.toBeInTheDocument();
  expect(within(table).getByText('Dinas Pendidikan')).toBeInTheDocument();

  await user.click(within(table).getByRole('link', { name: 'Dinas Pendidikan' }));
  expect(router.state.location.search).toBe('?tahun=2026&bulan=6&perangkat_daerah=4');
  await waitFor(() =>
    expect(fake.requests.some((r) => new URL(r.url).search.includes('perangkat_daerah=4'))).toBe(true),
  );
  const downloads = screen.getByRole('group', { name: 'Unduh' });
  expect(within(downloads).getByRole('link', { name: 'Unduh Excel (xlsx)' })).toHaveAttribute(
    'href',
    '/api/reports/rfk/?tahun=2026&bulan=6&perangkat_daerah=4&format=xlsx',
  );
});

test('a sumber dana narrows the RFK: the address, the request and the download carry its code', async () => {
  const sumberDana = [
    { id: 1, version: 9, kode: '1.2', nama: 'Pendapatan Transfer', level: 2, parent: null, keterangan: '', child_count: 1 },
    { id: 2, version: 9, kode: '1.2.01', nama: 'Transfer Pusat', level: 3, parent: 1, keterangan: '', child_count: 0 },
  ];
  const fake = api(leaderUser, { 'GET /api/sumber-dana/': page(sumberDana) });
  const { user, router } = renderApp('/laporan/rfk?bulan=6');
  await screen.findByRole('table', { name: 'Realisasi fisik dan keuangan' });
  const select = await screen.findByLabelText('Sumber dana');
  await within(select).findByText(/1\.2 Pendapatan Transfer/);
  await user.selectOptions(select, '1.2');
  expect(router.state.location.search).toBe('?tahun=2026&bulan=6&sumber_dana=1.2');
  await waitFor(() =>
    expect(fake.requests.some((r) => new URL(r.url).searchParams.get('sumber_dana') === '1.2')).toBe(true),
  );
  expect(screen.getByRole('link', { name: 'Unduh CSV' })).toHaveAttribute(
    'href',
    '/api/reports/rfk/?tahun=2026&bulan=6&sumber_dana=1.2&format=csv',
  );
  expect(readQuery(new URLSearchParams('sumber_dana=1.2;drop'), 2026)).toEqual({ tahun: 2026 });
});

test('choosing a quarter asks the server for it and replaces the month', async () => {
  const fake = api(leaderUser);
  const { user, router } = renderApp('/laporan/rfk?bulan=6');
  await screen.findByRole('table', { name: 'Realisasi fisik dan keuangan' });
  await user.selectOptions(screen.getByLabelText('Periode'), 'Triwulan II');
  expect(router.state.location.search).toBe('?tahun=2026&triwulan=2');
  await waitFor(() => expect(fake.requests.some((r) => new URL(r.url).search.includes('triwulan=2'))).toBe(true));
});

test('an OPD user is offered no OPD choice (the API gives its own OPD)', async () => {
  api(opdPlannerUser);
  renderApp('/laporan/rfk');
  await screen.findByRole('table', { name: 'Realisasi fisik dan keuangan' });
  expect(screen.queryByLabelText('Perangkat daerah')).not.toBeInTheDocument();
  expect(screen.getByLabelText('Periode')).toBeInTheDocument();
});

test("a refused report shows the server's reason", async () => {
  const fake = api(leaderUser);
  fake.route('GET /api/reports/rfk/', {
    status: 400,
    body: { tahap: ['Belum ada DPA untuk tahun 2027.'] },
  });
  renderApp('/laporan/rfk?tahun=2027');
  expect(await screen.findByRole('alert')).toHaveTextContent('Belum ada DPA untuk tahun 2027.');
});

test('the LRA prints every row with its total in bold and the anomalies list their reasons', async () => {
  const lra: Schemas['LraReport'] = {
    header,
    rows: [
      { kode: '4', uraian: 'PENDAPATAN DAERAH', jenis: 'group', depth: 0, anggaran: '900.00', realisasi: '450.00', persen: '50.00', realisasi_tahun_lalu: null },
      { kode: '', uraian: 'SURPLUS/(DEFISIT)', jenis: 'total', depth: 0, anggaran: '-100.00', realisasi: '-50.00', persen: null, realisasi_tahun_lalu: null },
    ],
  };
  const anomali: Schemas['AnomalyReport'] = {
    header,
    jumlah: 3,
    rows: [
      {
        budget_line: 9,
        perangkat_daerah: 4,
        perangkat_daerah_kode: '1.01.0.00.0.00.01.0000',
        sub_kegiatan_kode: '1.01.02.2.01.0001',
        sub_kegiatan: 'Penyediaan Buku',
        akun_kode: '5.1.02.01.01.0024',
        komponen: 'Lem Aibon untuk sekolah',
        satuan: 'Kaleng',
        volume: '37500.0000',
        harga_satuan: '2200000.00',
        jumlah: '82500000000.00',
        harga_standar: '22000.00',
        rasio: '100.00',
        skor: '9.50',
        aturan: [{ kode: 'di_atas_standar', alasan: 'harga satuan 100× harga standar' }],
        tahap_muncul: { id: 1, tahap: 'kua_ppas', nomor: 1, label: 'KUA-PPAS 2026' },
      },
    ],
  };
  api(leaderUser, { 'GET /api/reports/lra/': lra, 'GET /api/reports/anomali/': anomali });
  const { router } = renderApp('/laporan/lra');
  const table = await screen.findByRole('table', { name: 'Laporan realisasi anggaran' });
  expect(within(table).getByText('SURPLUS/(DEFISIT)').closest('tr')).toHaveClass('report-total');
  expect(within(table).getByText('SURPLUS/(DEFISIT)').closest('tr')).toHaveTextContent(/-Rp.100,00/);
  // no previous year: no column for it
  expect(within(table).queryByText('Realisasi tahun lalu')).not.toBeInTheDocument();

  await router.navigate('/laporan/anomali');
  const anomalies = await screen.findByRole('table', { name: 'Anomali rincian belanja' });
  expect(within(anomalies).getByRole('rowheader')).toHaveTextContent('Lem Aibon untuk sekolah');
  expect(within(anomalies).getByText('harga satuan 100× harga standar')).toBeInTheDocument();
  expect(screen.getByText(/skor tertinggi ditampilkan/)).toBeInTheDocument();
});

test('the evaluasi form shows each node with its Rupiah and, one level deeper, each of its indicators', () => {
  const indicator = (nama: string) =>
    ({ indikator: 1, nama, satuan: '%', polaritas: 'higher', aturan: 'last', target_akhir: null, realisasi_lalu: null, target: '90.0000', triwulan: [null, null, null, null], realisasi: null, realisasi_akhir: null, capaian: null, predikat: null }) as const;
  const node = (depth: number, kode: string, indikator: ReturnType<typeof indicator>[]) =>
    ({ depth, kode, indikator }) as unknown as Schemas['EvaluasiReport']['rows'][number];
  const rows = formRows([node(0, '1.02.02', [indicator('a'), indicator('b')]), node(1, '1.02.02.2.01', [])]);
  expect(rows.map((row) => [row.kind, row.depth])).toEqual([
    ['rp', 0],
    ['k', 1],
    ['k', 1],
    ['rp', 1],
  ]);
});

test('the rincian waits for a sub kegiatan, offers those of the stage by OPD, and puts the choice in the address', async () => {
  const fake = api(leaderUser);
  const { user, router } = renderApp('/laporan/rincian');
  expect(await screen.findByText('Pilih sub kegiatan untuk melihat rinciannya.')).toBeInTheDocument();
  const picker = screen.getByLabelText('Sub kegiatan');
  await within(picker).findByRole('option', { name: /1\.02\.02\.2\.01\.0002 Pengadaan Alat Kesehatan/ });
  expect(within(picker).getByRole('group', { name: 'Dinas Kesehatan' })).toBeInTheDocument();
  expect(fake.requests.some((r) => new URL(r.url).pathname === '/api/reports/rincian/')).toBe(false);

  await user.selectOptions(picker, '3|1.02.02.2.01.0002');
  expect(router.state.location.search).toBe('?tahun=2026&perangkat_daerah=3&sub_kegiatan=1.02.02.2.01.0002');
  await waitFor(() =>
    expect(fake.requests.some((r) => new URL(r.url).pathname === '/api/reports/rincian/')).toBe(true),
  );
});

test('the evaluasi Renja shows the Renstra targets with the unit responsible and downloads the workbook of the same filters', async () => {
  const indicator = {
    indikator: 7, nama: 'Jumlah puskesmas terakreditasi', satuan: 'Unit', polaritas: 'higher', aturan: 'sum' as const,
    target_akhir: '40.0000', realisasi_lalu: '12.0000', target: '10.0000', triwulan: ['2.0000', '3.0000', null, null],
    realisasi: '5.0000', realisasi_akhir: '17.0000', capaian: '42.50', predikat: 'Sangat Rendah',
  };
  const money = {
    target_rp: '300000000.00', realisasi_lalu_rp: '20000000.00', pagu_rp: '100000000.00',
    triwulan_rp: ['10000000.26', '5000000.10', null, null], realisasi_rp: '15000000.36',
    realisasi_akhir_rp: '35000000.36', capaian_rp: '11.67',
  };
  const body: Schemas['EvaluasiReport'] = {
    header: {
      pemda: 'Kabupaten Sukamaju', tahun: 2026, triwulan: 2, periode: 'Triwulan II Tahun 2026', tahun_awal: 2025,
      tahun_akhir: 2029, tahap: null, perangkat_daerah: 3, perangkat_daerah_nama: 'Dinas Kesehatan',
    },
    rows: [
      {
        ...money, nomor: '1', level: 'program', depth: 0, sasaran: 'Meningkatnya mutu layanan', kode: '1.02.02',
        uraian: 'Program Pemenuhan Upaya Kesehatan', indikator: [indicator], perangkat_daerah: 3,
        perangkat_daerah_kode: '1.02.0.00.0.00.01.0000', perangkat_daerah_nama: 'Dinas Kesehatan',
      },
    ],
    total: money,
    footer: {
      rata_rata_capaian_kinerja: '42.50', rata_rata_capaian_anggaran: '11.67', predikat_kinerja: 'Sangat Rendah',
      predikat_anggaran: 'Sangat Rendah', faktor_pendorong: '', faktor_penghambat: '', tindak_lanjut: '',
    },
  };
  const fake = api(leaderUser, { 'GET /api/reports/evaluasi-renja/': body });
  renderApp('/laporan/evaluasi-renja?triwulan=2&perangkat_daerah=3');
  const table = await screen.findByRole('table', { name: 'Evaluasi hasil Renja' });
  expect(within(table).getByRole('columnheader', { name: '(6) Target Renstra akhir periode' })).toBeInTheDocument();
  expect(within(table).getByRole('columnheader', { name: '(16) Unit penanggung jawab' })).toBeInTheDocument();
  expect(within(table).getByText('Jumlah puskesmas terakreditasi').closest('tr')).toHaveTextContent('42,50');
  expect(within(table).getByText('Dinas Kesehatan')).toBeInTheDocument();
  expect(screen.getByText(/Periode Renstra 2025–2029/)).toBeInTheDocument();
  const asked = fake.requests.find((r) => new URL(r.url).pathname === '/api/reports/evaluasi-renja/');
  expect(new URL(asked?.url ?? 'http://x/').searchParams.get('triwulan')).toBe('2');
  expect(screen.getByRole('link', { name: 'Unduh Excel (xlsx)' })).toHaveAttribute(
    'href',
    '/api/reports/evaluasi-renja/?tahun=2026&triwulan=2&perangkat_daerah=3&format=xlsx',
  );
});
