import { screen, within } from '@testing-library/react';
import { installFakeApi, page } from '@/test/fake-api';
import { bappedaUser, leaderUser, nomenklaturVersion, permissionsFor } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';
import type { Dashboard } from './api/types';
import { absorptionOption, fisikKeuanganOption } from './charts';

const adminUser = { ...bappedaUser, id: 1, username: 'admin', role: 'admin' as const, permissions: permissionsFor('admin') };

function month(bulan: number, rak: string, realisasi: string | null) {
  return {
    bulan,
    anggaran_kas_kumulatif: `${Number(rak) * 10}.00`,
    realisasi_kumulatif: realisasi === null ? null : `${Number(realisasi) * 10}.00`,
    persen_rak_kumulatif: rak,
    persen_realisasi_kumulatif: realisasi,
  };
}

const dashboard: Dashboard = {
  header: {
    pemda: 'Kabupaten Sukamaju',
    tahun: 2026,
    bulan: 2,
    triwulan: null,
    periode: 's.d. Februari 2026',
    tahap: { id: 7, tahap: 'DPA', nomor: 1, label: 'DPA 2026' },
    perangkat_daerah: null,
    perangkat_daerah_nama: null,
    level: 'opd',
    sumber_dana: null,
    sumber_dana_nama: null,
  },
  total: {
    pagu: '1000.00',
    pagu_rka: '1000.00',
    anggaran_kas: '200.00',
    realisasi: '150.00',
    nilai_fisik: '185.00',
    sisa: '850.00',
    persen_realisasi: '15.00',
    persen_rak: '20.00',
    deviasi: '5.00',
    deviasi_relatif: '25.00',
    fisik: '18.50',
  },
  series: [month(1, '10.00', '8.00'), month(2, '20.00', '15.00'), month(3, '30.00', null)],
  opd: [
    {
      perangkat_daerah: 3,
      kode: '1.02.0.00.0.00.01.0000',
      nama: 'Dinas Kesehatan',
      singkatan: 'Dinkes',
      pagu: '600.00',
      pagu_rka: '600.00',
      anggaran_kas: '100.00',
      realisasi: '110.00',
      nilai_fisik: '120.00',
      sisa: '490.00',
      persen_realisasi: '18.33',
      persen_rak: '16.67',
      deviasi: '-1.66',
      deviasi_relatif: '-9.96',
      fisik: '20.00',
      peringkat_realisasi: 1,
      peringkat_deviasi: 2,
    },
    {
      perangkat_daerah: 4,
      kode: '1.01.0.00.0.00.01.0000',
      nama: 'Dinas Pendidikan',
      singkatan: 'Disdik',
      pagu: '400.00',
      pagu_rka: '400.00',
      anggaran_kas: '100.00',
      realisasi: '40.00',
      nilai_fisik: '0.00',
      sisa: '360.00',
      persen_realisasi: '10.00',
      persen_rak: '25.00',
      deviasi: '15.00',
      deviasi_relatif: '60.00',
      fisik: null,
      peringkat_realisasi: 2,
      peringkat_deviasi: 1,
    },
  ],
  capaian: [
    { predikat: 'Sangat Tinggi', jumlah: 4 },
    { predikat: 'Tinggi', jumlah: 3 },
    { predikat: 'Sedang', jumlah: 0 },
    { predikat: 'Rendah', jumlah: 2 },
    { predikat: 'Sangat Rendah', jumlah: 1 },
  ],
  capaian_tanpa_realisasi: 6,
  deviasi_terbesar: [
    {
      kode: '1.01.02.1.01.0001',
      uraian: 'Pembangunan Unit Sekolah Baru',
      perangkat_daerah: 4,
      perangkat_daerah_kode: '1.01.0.00.0.00.01.0000',
      pagu: '300.00',
      persen_rak: '30.00',
      persen_realisasi: '5.00',
      deviasi: '25.00',
    },
  ],
  permasalahan: [
    {
      kode: '1.01.02.1.01.0001',
      uraian: 'Pembangunan Unit Sekolah Baru',
      perangkat_daerah: 4,
      perangkat_daerah_kode: '1.01.0.00.0.00.01.0000',
      bulan: 2,
      fisik: '5.00',
      permasalahan: 'Lahan belum dibebaskan.',
      tindak_lanjut: 'Koordinasi dengan BPN.',
    },
  ],
  permasalahan_jumlah: 3,
  anomali: 1,
};

test('the absorption curve plots the cumulative percentages and leaves realization blank after the month', () => {
  const option = absorptionOption(dashboard.series) as { series: { name: string; data: (number | null)[] }[] };
  expect(option.series.map((s) => s.name)).toEqual(['Anggaran kas', 'Realisasi']);
  expect(option.series[0]?.data).toEqual([10, 20, 30]);
  expect(option.series[1]?.data).toEqual([8, 15, null]);
});

test("the absorption tooltip shows the server's Rupiah amounts for the month pointed at", () => {
  const option = absorptionOption(dashboard.series) as { tooltip: { formatter: (p: { dataIndex: number }[]) => string } };
  const text = option.tooltip.formatter([{ dataIndex: 1 }]);
  expect(text).toContain('s.d. Feb');
  expect(text).toContain('Rp\u00a0200,00 (20,00%)');
  expect(text).toContain('Rp\u00a0150,00 (15,00%)');
});

test('fisik against keuangan draws one pair of bars per OPD, the first ranked at the top', () => {
  const option = fisikKeuanganOption(dashboard.opd) as {
    yAxis: { data: string[] };
    series: { name: string; data: (number | null)[] }[];
  };
  expect(option.yAxis.data).toEqual(['Disdik', 'Dinkes']);
  expect(option.series.find((s) => s.name === 'Keuangan')?.data).toEqual([10, 18.33]);
  expect(option.series.find((s) => s.name === 'Fisik')?.data).toEqual([null, 20]);
});

test("the leader's Beranda shows the year's figures, each drilling into the RFK", async () => {
  // given
  installFakeApi({ 'GET /api/auth/me/': { body: leaderUser }, 'GET /api/dashboard/': { body: dashboard } });

  // when
  renderApp('/');

  // then
  const realisasi = await screen.findByRole('link', { name: /Realisasi keuangan/ });
  expect(realisasi).toHaveTextContent('15,00%');
  expect(realisasi).toHaveTextContent(/Rp\s150,00/);
  expect(realisasi).toHaveAttribute('href', '/laporan/rfk?tahun=2026&bulan=2&tahap=7');
  expect(screen.getByRole('link', { name: /Deviasi/ })).toHaveTextContent('5,00 poin');
  const anomalies = screen.getByRole('link', { name: /Anomali rincian/ });
  expect(anomalies).toHaveTextContent('1rincian belanja perlu diperiksa');
  expect(anomalies).toHaveAttribute('href', '/laporan/anomali?tahun=2026&tahap=7');
  expect(screen.getByRole('link', { name: /^Pagu/ })).toHaveTextContent(/Rp\s1\.000,00$/); // the exact sum under the short one
  expect(screen.getByText('Kabupaten Sukamaju · DPA 2026 · s.d. Februari 2026')).toBeInTheDocument();
  expect(screen.queryByRole('heading', { name: 'Data dasar' })).not.toBeInTheDocument();
});

test('the OPD ranking reorders by deviation and links each OPD to its own RFK', async () => {
  // given
  installFakeApi({ 'GET /api/auth/me/': { body: leaderUser }, 'GET /api/dashboard/': { body: dashboard } });
  const { user } = renderApp('/');
  const table = await screen.findByRole('table', { name: 'Peringkat perangkat daerah' });
  const names = () => within(table).getAllByRole('rowheader').map((cell) => cell.textContent);
  expect(names()).toEqual(['Dinkes', 'Disdik']);

  // when
  await user.click(screen.getByRole('radio', { name: 'Deviasi terbesar' }));

  // then
  expect(names()).toEqual(['Disdik', 'Dinkes']);
  expect(within(table).getByRole('link', { name: 'Disdik' })).toHaveAttribute(
    'href',
    '/laporan/rfk?tahun=2026&bulan=2&tahap=7&perangkat_daerah=4',
  );
  const disdik = within(table).getAllByRole('row')[1]!;
  expect(within(disdik).getAllByRole('cell').map((cell) => cell.textContent)).toContain('–'); // no fisik reported
});

test('indicator achievement counts every predikat band, the empty ones included', async () => {
  installFakeApi({ 'GET /api/auth/me/': { body: leaderUser }, 'GET /api/dashboard/': { body: dashboard } });
  renderApp('/');
  const list = (await screen.findByRole('heading', { name: 'Capaian indikator' })).parentElement!;
  const rows = within(list).getAllByRole('listitem').map((item) => item.textContent);
  expect(rows).toEqual([
    'Sangat Tinggi4',
    'Tinggi3',
    'Sedang0',
    'Rendah2',
    'Sangat Rendah1',
    'Belum ada realisasi6',
  ]);
});

test('the open problems say how many there are in all and what is done about them', async () => {
  installFakeApi({ 'GET /api/auth/me/': { body: leaderUser }, 'GET /api/dashboard/': { body: dashboard } });
  renderApp('/');
  expect(await screen.findByRole('heading', { name: 'Permasalahan (3)' })).toBeInTheDocument();
  expect(screen.getByText('Lahan belum dibebaskan.')).toBeInTheDocument();
  expect(screen.getByText('Tindak lanjut: Koordinasi dengan BPN.')).toBeInTheDocument();
  expect(screen.getByText('1 dari 3 permasalahan ditampilkan.')).toBeInTheDocument();
});

test('picking a month asks the API for the figures s.d. that month', async () => {
  // given
  const api = installFakeApi({ 'GET /api/auth/me/': { body: leaderUser }, 'GET /api/dashboard/': { body: dashboard } });
  const { user } = renderApp('/');
  await screen.findByRole('heading', { name: 'Kurva serapan anggaran' });
  const select = screen.getByRole('combobox', { name: 'Bulan' });
  expect(select).toHaveValue('2'); // the server's month until one is picked

  // when
  await user.selectOptions(select, 'Mei');

  // then
  await vi.waitFor(() => {
    const last = api.requests.filter((r) => new URL(r.url).pathname === '/api/dashboard/').at(-1);
    expect(new URL(last!.url).searchParams.get('bulan')).toBe('5');
  });
});

test('a stage not yet approved is explained, not shown as a blank page', async () => {
  installFakeApi({
    'GET /api/auth/me/': { body: leaderUser },
    'GET /api/dashboard/': { status: 400, body: { tahap: ['Belum ada DPA untuk tahun 2026.'] } },
  });
  renderApp('/');
  expect(await screen.findByRole('alert')).toHaveTextContent('Belum ada DPA untuk tahun 2026.');
});

test('the admin also sees the counts of the base data', async () => {
  // given
  installFakeApi({
    'GET /api/auth/me/': { body: adminUser },
    'GET /api/dashboard/': { body: dashboard },
    'GET /api/perangkat-daerah/': { body: page([], 1234) },
    'GET /api/reference-versions/': { body: page([nomenklaturVersion]) },
  });

  // when
  renderApp('/');

  // then
  expect(await screen.findByRole('link', { name: /Perangkat Daerah\s*1\.234/ })).toHaveAttribute(
    'href',
    '/perangkat-daerah',
  );
  expect(screen.getByRole('link', { name: /Versi referensi\s*1/ })).toBeInTheDocument();
  expect(screen.getByRole('cell', { name: 'Kepmendagri 900.1.15.5-1317/2023' })).toBeInTheDocument();
});
