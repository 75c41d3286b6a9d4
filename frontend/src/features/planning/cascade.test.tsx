import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '@/api/client';
import { installFakeApi, page } from '@/test/fake-api';
import { bappedaUser } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';
import { dinkes } from '@/test/planning-fixtures';

type Node = Schemas['CascadeNode'];
const node = (level: Node['level'], id: number, kode: string, uraian: string, pagu: string, children: Node[] = [], extra: Partial<Node> = {}): Node => ({
  level,
  id,
  kode,
  uraian,
  pagu,
  perangkat_daerah: null,
  indikator: [],
  children,
  ...extra,
});

const subKegiatan = node('sub_kegiatan', 501, '1.02.02.2.01.0001', 'Pengembangan Rumah Sakit', '750000000.00', [], {
  perangkat_daerah: 7,
});
const cascade: Schemas['Cascade'] = {
  tahun: 2026,
  rpjmd: 5,
  pagu_total: '1250000000.00',
  root: node('visi', 5, '', 'Sukamaju maju', '1000000000.00', [
    node('misi', 10, '1', 'Meningkatkan kualitas SDM', '1000000000.00', [
      node('tujuan', 20, '1', 'Meningkatkan derajat kesehatan', '1000000000.00', [
        node(
          'sasaran',
          30,
          '1',
          'Meningkatnya usia harapan hidup',
          '1000000000.00',
          [
            node('program', 301, '1.02.02', 'PROGRAM PEMENUHAN UPAYA KESEHATAN', '1000000000.00', [
              node('kegiatan', 401, '1.02.02.2.01', 'Penyediaan Fasilitas Kesehatan', '1000000000.00', [subKegiatan]),
            ]),
          ],
          {
            indikator: [
              { id: 1, nama: 'Usia harapan hidup', satuan: 'tahun', polaritas: 'higher', baseline: '71.0000', target: '72.5000', target_akhir: '74.0000' },
            ],
          },
        ),
      ]),
    ]),
  ]),
  untraced: [node('program', 302, '2.11.03', 'PROGRAM PENGELOLAAN PERSAMPAHAN', '250000000.00', [], { perangkat_daerah: 7 })],
};

const trace: Schemas['TraceNode'][] = [
  { level: 'sub_kegiatan', id: 501, kode: '1.02.02.2.01.0001', uraian: 'Pengembangan Rumah Sakit', perangkat_daerah: 7, pagu: '750000000.00' },
  { level: 'kegiatan', id: 401, kode: '1.02.02.2.01', uraian: 'Penyediaan Fasilitas Kesehatan', perangkat_daerah: 7, pagu: null },
  { level: 'program', id: 301, kode: '1.02.02', uraian: 'PROGRAM PEMENUHAN UPAYA KESEHATAN', perangkat_daerah: 7, pagu: null },
  { level: 'sasaran', id: 30, kode: '1', uraian: 'Meningkatnya usia harapan hidup', perangkat_daerah: null, pagu: null },
];

function installCascadeApi() {
  return installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    'GET /api/cascade/': { body: cascade },
    'GET /api/perangkat-daerah/': { body: page([dinkes]) },
    'GET /api/renja-sub-kegiatan/501/trace/': { body: trace },
  });
}

test('the tree shows pagu in Rupiah and the year\'s indicator targets, and sets untraced programs apart', async () => {
  installCascadeApi();
  renderApp('/pohon-kinerja');

  expect(await screen.findByText(/Total pagu indikatif Rp\s1\.250\.000\.000,00/)).toBeInTheDocument();
  const sasaranRow = screen.getByText('Meningkatnya usia harapan hidup').closest('.plan-node-row')!;
  expect(sasaranRow).toHaveTextContent(/Rp\s1\.000\.000\.000,00/);
  expect(sasaranRow).toHaveTextContent('Usia harapan hidup: target 2026 72,5 tahun (akhir 74)');
  const untraced = screen.getByRole('region', { name: 'Program tidak tertelusur (1)' });
  expect(within(untraced).getByText(/PROGRAM PENGELOLAAN PERSAMPAHAN/).closest('.plan-node-row')).toHaveClass('is-untraced');
  // below the sasaran the tree starts folded
  expect(screen.queryByText('Pengembangan Rumah Sakit')).not.toBeInTheDocument();
});

test('searching keeps the matches with their ancestors, opened', async () => {
  installCascadeApi();
  const { user } = renderApp('/pohon-kinerja');
  await screen.findByText('Meningkatkan kualitas SDM');

  await user.type(screen.getByLabelText('Cari kode atau uraian'), 'rumah sakit');

  expect(await screen.findByText('Pengembangan Rumah Sakit')).toBeInTheDocument();
  expect(screen.getByText('Penyediaan Fasilitas Kesehatan')).toBeInTheDocument();
  await waitFor(() => expect(screen.queryByText(/PROGRAM PENGELOLAAN PERSAMPAHAN/)).not.toBeInTheDocument());
});

test('a sub kegiatan is traced back up to its sasaran', async () => {
  installCascadeApi();
  const { user } = renderApp('/pohon-kinerja');
  await user.click(await screen.findByRole('button', { name: 'Buka Sasaran 1' }));
  await user.click(screen.getByRole('button', { name: 'Buka Program 1.02.02' }));
  await user.click(screen.getByRole('button', { name: 'Buka Kegiatan 1.02.02.2.01' }));

  await user.click(screen.getByRole('button', { name: 'Telusuri 1.02.02.2.01.0001 ke atas' }));

  const dialog = await screen.findByRole('dialog', { name: 'Penelusuran ke atas' });
  const steps = await within(dialog).findAllByRole('listitem');
  expect(steps.map((step) => step.textContent)).toEqual([
    expect.stringMatching(/^Sub kegiatan 1\.02\.02\.2\.01\.0001 Pengembangan Rumah Sakit · Dinkes Rp\s750\.000\.000,00$/),
    'Kegiatan 1.02.02.2.01 Penyediaan Fasilitas Kesehatan · Dinkes',
    'Program 1.02.02 PROGRAM PEMENUHAN UPAYA KESEHATAN · Dinkes',
    'Sasaran 1 Meningkatnya usia harapan hidup',
  ]);
});

test('filtering by OPD asks the API for that OPD only', async () => {
  const api = installCascadeApi();
  const { user } = renderApp('/pohon-kinerja');
  await screen.findByText('Meningkatkan kualitas SDM');

  await user.selectOptions(screen.getByLabelText('Perangkat daerah'), 'Dinas Kesehatan');

  await waitFor(() =>
    expect(api.requests.some((r) => new URL(r.url).searchParams.get('perangkat_daerah') === '7')).toBe(true),
  );
});
