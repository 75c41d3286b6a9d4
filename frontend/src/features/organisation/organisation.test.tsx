import { screen, within } from '@testing-library/react';
import { installFakeApi, page } from '@/test/fake-api';
import { bappedaUser } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';

const opd = { pemda: 1, singkatan: '', induk: null, is_active: true, version: 1 };
const dinkes = { ...opd, id: 7, kode: '1.02.0.00.0.00.01.0000', nama: 'Dinas Kesehatan', singkatan: 'Dinkes' };
const puskesmas = { ...opd, id: 8, kode: '1.02.0.00.0.00.01.0001', nama: 'Puskesmas Sukamaju', induk: 7, is_active: false };

test('the Perangkat Daerah page lists the OPD of the pemda', async () => {
  // given
  installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    'GET /api/perangkat-daerah/': { body: page([dinkes, puskesmas]) },
  });

  // when
  renderApp('/perangkat-daerah');

  // then
  const rows = await screen.findAllByRole('row');
  expect(rows).toHaveLength(3);
  expect(within(rows[1]!).getByText('Dinas Kesehatan')).toBeInTheDocument();
  expect(within(rows[2]!).getByText('Dinkes')).toBeInTheDocument(); // the induk, by name
  expect(within(rows[2]!).getByText('Nonaktif')).toBeInTheDocument();
  expect(screen.getByText('Menampilkan 1–2 dari 2')).toBeInTheDocument();
});

test('typing in the search box queries the API with q and resets the page', async () => {
  // given
  const api = installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    'GET /api/perangkat-daerah/': (_request, url) => ({
      body: page(url.searchParams.get('q') === 'kesehatan' ? [dinkes] : [dinkes, puskesmas]),
    }),
  });
  const { user, router } = renderApp('/perangkat-daerah?page=1');
  await screen.findByText('Puskesmas Sukamaju');

  // when
  await user.type(screen.getByLabelText('Cari perangkat daerah'), 'kesehatan');

  // then
  await screen.findByText('Menampilkan 1–1 dari 1');
  expect(screen.queryByText('Puskesmas Sukamaju')).not.toBeInTheDocument();
  expect(router.state.location.search).toBe('?q=kesehatan');
  const last = api.requests.at(-1)!;
  expect(new URL(last.url).searchParams.get('q')).toBe('kesehatan');
});
