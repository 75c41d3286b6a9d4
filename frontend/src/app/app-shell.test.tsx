import { screen, waitFor, within } from '@testing-library/react';
import { installFakeApi, page } from '@/test/fake-api';
import { auditorUser, bappedaUser, leaderUser, opdPlannerUser } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';
import { navFor } from './navigation';

function menuLinks() {
  return within(screen.getByRole('navigation', { name: 'Menu utama' }))
    .getAllByRole('link')
    .map((link) => link.textContent);
}

test.each([
  [bappedaUser, ['Beranda', 'RPJMD', 'Renja', 'Pohon Kinerja', 'Pemeriksaan Perencanaan', 'Tahapan Anggaran', 'Realisasi Fisik', 'Laporan', 'Perangkat Daerah', 'Referensi']],
  [opdPlannerUser, ['Beranda', 'RPJMD', 'Renja', 'Pohon Kinerja', 'Pemeriksaan Perencanaan', 'Tahapan Anggaran', 'Realisasi Fisik', 'Laporan', 'Perangkat Daerah', 'Referensi']],
  [leaderUser, ['Beranda', 'RPJMD', 'Renja', 'Pohon Kinerja', 'Tahapan Anggaran', 'Realisasi Fisik', 'Laporan', 'Perangkat Daerah', 'Referensi']],
  [auditorUser, ['Beranda', 'RPJMD', 'Renja', 'Pohon Kinerja', 'Tahapan Anggaran', 'Realisasi Fisik', 'Laporan', 'Perangkat Daerah', 'Referensi', 'Audit']],
])('the menu of $role offers only what the role may do', async (me, expected) => {
  // given
  installFakeApi({
    'GET /api/auth/me/': { body: me },
    'GET /api/perangkat-daerah/': { body: page([], 0) },
    'GET /api/reference-versions/': { body: page([]) },
  });

  // when
  renderApp('/');

  // then
  await screen.findByRole('heading', { name: 'Beranda' });
  expect(menuLinks().filter((label) => label !== 'Dokumentasi API')).toEqual(expected);
});

test('the menu groups its links under the stages of the year, and a group with nothing offered is left out', async () => {
  // given: the leader may not record realization, so its group holds only what it reads
  installFakeApi({
    'GET /api/auth/me/': { body: leaderUser },
    'GET /api/perangkat-daerah/': { body: page([], 0) },
    'GET /api/reference-versions/': { body: page([]) },
  });

  // when
  renderApp('/');
  await screen.findByRole('heading', { name: 'Beranda' });

  // then
  const menu = within(screen.getByRole('navigation', { name: 'Menu utama' }));
  const group = (name: string) =>
    within(menu.getByRole('list', { name }))
      .getAllByRole('link')
      .map((link) => link.textContent);
  expect(group('Perencanaan')).toEqual(['RPJMD', 'Renja', 'Pohon Kinerja']);
  expect(group('Penganggaran')).toEqual(['Tahapan Anggaran']);
  expect(group('Pelaksanaan dan laporan')).toEqual(['Realisasi Fisik', 'Laporan']);
  expect(menu.getAllByRole('list', { name: /./ })).toHaveLength(4);
  // someone with no rights at all is offered Beranda alone, under no heading
  expect(navFor(null).map((section) => section.items.map((item) => item.to))).toEqual([['/']]);
});

test('every route names the page, a skip link leads to the content, and the year can be switched', async () => {
  // given
  installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    'GET /api/perangkat-daerah/': { body: page([], 0) },
    'GET /api/reference-versions/': { body: page([]) },
    'GET /api/cascade/': (_request, url) => ({
      body: { tahun: Number(url.searchParams.get('tahun')), rpjmd: null, root: null, untraced: [], pagu_total: '0.00' },
    }),
  });
  const { user, router } = renderApp('/');
  await screen.findByRole('heading', { name: 'Beranda' });
  expect(document.title).toBe('Beranda · Pagu');
  expect(screen.getByRole('link', { name: 'Langsung ke isi' })).toHaveAttribute('href', '#main');
  expect(document.getElementById('main')?.tagName).toBe('MAIN');

  // when the planner opens the cascade and picks another year
  await router.navigate('/pohon-kinerja');
  await screen.findByRole('heading', { name: /Pohon Kinerja \d{4}/ });
  await user.selectOptions(screen.getByLabelText('Tahun'), '2027');

  // then the page and its title follow the year
  expect(await screen.findByRole('heading', { name: 'Pohon Kinerja 2027' })).toBeInTheDocument();
  await waitFor(() => expect(document.title).toBe('Pohon Kinerja 2027 · Pagu'));
  expect(await screen.findByText('Tidak ada RPJMD yang berlaku untuk tahun 2027.')).toBeInTheDocument();
});

test('the interface switches to English and back', async () => {
  // given
  installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    'GET /api/perangkat-daerah/': { body: page([], 0) },
    'GET /api/reference-versions/': { body: page([]) },
  });
  const { user } = renderApp('/');
  await screen.findByRole('heading', { name: 'Beranda' });

  // when
  await user.selectOptions(screen.getByLabelText('Bahasa'), 'en');

  // then
  expect(within(screen.getByRole('navigation', { name: 'Main menu' })).getByRole('link', { name: 'Performance tree' }))
    .toBeInTheDocument();
  await user.selectOptions(screen.getByLabelText('Language'), 'id');
  expect(screen.getByRole('navigation', { name: 'Menu utama' })).toBeInTheDocument();
});

test('a session that ends on a deep page comes back to that page after logging in', async () => {
  // given a visitor whose session has gone
  let signedIn = false;
  installFakeApi({
    'GET /api/auth/me/': () => (signedIn ? { body: bappedaUser } : { status: 401, body: { detail: 'x', code: 'not_authenticated' } }),
    'POST /api/auth/login/': () => {
      signedIn = true;
      return { body: bappedaUser };
    },
    'GET /api/planning-checks/': { body: { tahun: 2026, count: 0, issues: [] } },
    'GET /api/perangkat-daerah/': { body: page([], 0) },
  });
  const { user, router } = renderApp('/pemeriksaan-perencanaan');

  // when
  await screen.findByRole('heading', { name: 'Masuk' });
  await user.type(screen.getByLabelText('Nama pengguna'), 'bappeda');
  await user.type(screen.getByLabelText('Kata sandi'), 'rahasia');
  await user.click(screen.getByRole('button', { name: 'Masuk' }));

  // then
  expect(await screen.findByRole('heading', { name: /Pemeriksaan Perencanaan/ })).toBeInTheDocument();
  expect(router.state.location.pathname).toBe('/pemeriksaan-perencanaan');
});
