import { screen, within } from '@testing-library/react';
import { installFakeApi, page, type RouteHandler } from '@/test/fake-api';
import {
  bappedaUser,
  bidangKesehatan,
  bidangPendidikan,
  nomenklaturVersion,
  subKegiatan,
  urusan,
} from '@/test/fixtures';
import { renderApp } from '@/test/render-app';

const nomenklaturList: RouteHandler = (_request, url) => {
  const params = url.searchParams;
  if (params.get('q')) return { body: page([bidangKesehatan, subKegiatan]) };
  if (params.get('root') === 'true') return { body: page([urusan]) };
  if (params.get('parent') === '100') return { body: page([bidangPendidikan, bidangKesehatan]) };
  if (params.get('parent') === '101') return { body: page([subKegiatan]) };
  return { body: page([]) };
};

function installReferenceApi() {
  return installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    'GET /api/reference-versions/': { body: page([nomenklaturVersion]) },
    'GET /api/nomenklatur/': nomenklaturList,
  });
}

test('the tree shows the roots of the chosen version and expands a node into its children', async () => {
  // given
  const api = installReferenceApi();
  const { user } = renderApp('/referensi/nomenklatur');
  const root = await screen.findByRole('button', { name: /^1 URUSAN PEMERINTAHAN WAJIB/ });
  expect(root).toHaveAttribute('aria-expanded', 'false');
  expect(screen.getByLabelText('Versi')).toHaveDisplayValue(/Kepmendagri 900\.1\.15\.5-1317\/2023/);

  // when
  await user.click(root);

  // then
  expect(root).toHaveAttribute('aria-expanded', 'true');
  const kesehatan = await screen.findByRole('button', { name: /1\.02 URUSAN PEMERINTAHAN BIDANG KESEHATAN/ });
  // a node without children is not a button
  expect(screen.getByText('URUSAN PEMERINTAHAN BIDANG PENDIDIKAN').closest('button')).toBeNull();
  const rootsCall = api.requests.find((r) => new URL(r.url).searchParams.get('root') === 'true')!;
  expect(Object.fromEntries(new URL(rootsCall.url).searchParams)).toEqual({
    version: '11',
    root: 'true',
    page_size: '1000',
  });

  // when a sub kegiatan is reached
  await user.click(kesehatan);

  // then its performance fields are shown
  const leaf = (await screen.findByText('Pengembangan Rumah Sakit')).closest('li')!;
  expect(within(leaf).getByText('Jumlah rumah sakit yang dikembangkan')).toBeInTheDocument();
  expect(within(leaf).getByText('Unit')).toBeInTheDocument();
  expect(within(leaf).getByText('Tersedianya rumah sakit')).toBeInTheDocument();

  // when collapsed
  await user.click(root);

  // then
  expect(root).toHaveAttribute('aria-expanded', 'false');
  expect(screen.queryByText('URUSAN PEMERINTAHAN BIDANG KESEHATAN')).not.toBeInTheDocument();
});

test('searching shows a flat list of matches instead of the tree', async () => {
  // given
  const api = installReferenceApi();
  const { user, router } = renderApp('/referensi/nomenklatur');
  await screen.findByRole('button', { name: /^1 URUSAN/ });

  // when
  await user.type(screen.getByLabelText('Cari nomenklatur'), '1.02');

  // then
  const results = await screen.findByRole('table', { name: 'Hasil pencarian Nomenklatur' });
  expect(within(results).getAllByRole('row')).toHaveLength(3);
  expect(within(results).getByText('1.02.02.2.01.0001')).toBeInTheDocument();
  expect(screen.getByText('2 hasil')).toBeInTheDocument();
  expect(router.state.location.search).toBe('?q=1.02');
  const search = api.requests.find((r) => new URL(r.url).searchParams.get('q'))!;
  expect(new URL(search.url).searchParams.get('version')).toBe('11');
});

test('the tabs switch to the akun list with its own versions', async () => {
  // given
  const akunVersion = { ...nomenklaturVersion, id: 21, kind: 'akun' as const, legal_basis: 'Kepmendagri 050-5889/2021' };
  installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    'GET /api/reference-versions/': (_request, url) => ({
      body: page(url.searchParams.get('kind') === 'akun' ? [akunVersion] : [nomenklaturVersion]),
    }),
    'GET /api/nomenklatur/': nomenklaturList,
    'GET /api/akun/': {
      body: page([{ id: 500, version: 21, kode: '5', nama: 'BELANJA DAERAH', level: 1, parent: null, keterangan: '', child_count: 4 }]),
    },
  });
  const { user, router } = renderApp('/referensi');

  // when
  await user.click(await screen.findByRole('link', { name: 'Akun' }));

  // then
  expect(await screen.findByRole('button', { name: /^5 BELANJA DAERAH/ })).toBeInTheDocument();
  expect(screen.getByLabelText('Versi')).toHaveDisplayValue(/050-5889/);
  expect(router.state.location.pathname).toBe('/referensi/akun');
});
