import { screen, within } from '@testing-library/react';
import { installFakeApi, page } from '@/test/fake-api';
import { bappedaUser } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';
import { dinkes } from '@/test/planning-fixtures';

const issues = [
  {
    code: 'indicator_missing',
    message: 'Sasaran 3 belum punya indikator.',
    object_type: 'Sasaran',
    object_id: 33,
    kode: '3',
    perangkat_daerah: null,
  },
  {
    code: 'program_not_traced',
    message: 'Program 2.11.03 tidak terhubung ke sasaran RPJMD yang berlaku.',
    object_type: 'RenjaProgram',
    object_id: 302,
    kode: '2.11.03',
    perangkat_daerah: 7,
  },
  {
    code: 'code_not_in_force',
    message: '1.02.02.2.01.0009 bukan dari nomenklatur yang berlaku tahun 2026.',
    object_type: 'RenjaSubKegiatan',
    object_id: 509,
    kode: '1.02.02.2.01.0009',
    perangkat_daerah: 7,
  },
];

test('each finding links to the row to fix, and the list filters by kind', async () => {
  // given
  const api = installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    'GET /api/planning-checks/': { body: { tahun: 2026, count: issues.length, issues } },
    'GET /api/perangkat-daerah/': { body: page([dinkes]) },
  });
  const { user } = renderApp('/pemeriksaan-perencanaan');

  // then
  expect(await screen.findByText('3 temuan')).toBeInTheDocument();
  const links = screen.getAllByRole('link', { name: /^Buka / }).map((link) => link.getAttribute('href'));
  expect(links).toEqual([
    '/rpjmd?node=sasaran:33',
    '/pohon-kinerja?q=2.11.03&opd=7',
    '/pohon-kinerja?trace=509&opd=7',
  ]);
  const tahun = new URL(api.requests.find((r) => r.url.includes('/api/planning-checks/'))!.url).searchParams.get('tahun');
  expect(Number(tahun)).toBeGreaterThan(2000);

  // when only untraced programs are wanted
  await user.selectOptions(screen.getByLabelText('Jenis temuan'), 'Program tak tertelusur');

  // then
  expect(await screen.findByText('1 temuan (dari 3)')).toBeInTheDocument();
  const rows = within(screen.getByRole('table')).getAllByRole('row');
  expect(rows).toHaveLength(2);
  expect(rows[1]).toHaveTextContent('Dinkes');
});

test('a year without findings says so', async () => {
  installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    'GET /api/planning-checks/': { body: { tahun: 2026, count: 0, issues: [] } },
    'GET /api/perangkat-daerah/': { body: page([]) },
  });
  renderApp('/pemeriksaan-perencanaan');

  expect(await screen.findByText('Tidak ada temuan. Perencanaan tahun ini konsisten.')).toBeInTheDocument();
});
