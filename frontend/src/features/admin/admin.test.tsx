import { screen, waitFor, within } from '@testing-library/react';
import type { Schemas } from '@/api/client';
import { installFakeApi, page } from '@/test/fake-api';
import { bappedaUser, pemda, permissionsFor, users } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';

const adminUser: Schemas['Me'] = {
  ...bappedaUser,
  id: 1,
  username: 'admin',
  role: 'admin',
  role_label: 'Administrator',
  permissions: permissionsFor('admin'),
};
const dinkes = {
  id: 7, pemda: 1, kode: '1.02.0.00.0.00.01.0000', nama: 'Dinas Kesehatan', singkatan: 'Dinkes', keterangan: '',
  induk: null, is_active: true, version: 1,
};

function adminApi(extra: Parameters<typeof installFakeApi>[0] = {}) {
  return installFakeApi({
    'GET /api/auth/me/': { body: adminUser },
    'GET /api/users/': { body: page(users) },
    'GET /api/perangkat-daerah/': { body: page([dinkes]) },
    'GET /api/pemda/1/': { body: { ...pemda, version: 3 } },
    ...extra,
  });
}

test('the admin screen lists the users and offers to deactivate all but oneself', async () => {
  // given
  adminApi();
  // when
  renderApp('/admin');
  // then
  const table = await screen.findByRole('table');
  expect(within(table).getByText('bappeda')).toBeInTheDocument();
  expect(within(table).getByRole('button', { name: 'Nonaktifkan bappeda' })).toBeInTheDocument();
  expect(within(table).queryByRole('button', { name: 'Nonaktifkan admin' })).not.toBeInTheDocument();
  expect(await screen.findByDisplayValue('Kabupaten Sukamaju')).toBeInTheDocument();
});

test('the user form shows the server field errors next to their fields', async () => {
  // given
  const api = adminApi({
    'POST /api/users/': {
      status: 400,
      body: {
        username: ['Pengguna dengan nama pengguna tersebut sudah ada.'],
        password: ['Kata sandi ini terlalu umum.'],
        perangkat_daerah: ['Peran OPD wajib memiliki perangkat daerah.'],
      },
    },
  });
  const { user } = renderApp('/admin');
  await screen.findByRole('table');
  // when
  await user.type(screen.getByLabelText(/Nama pengguna/), 'bappeda');
  await user.type(screen.getByLabelText(/Kata sandi awal/), 'password');
  await user.selectOptions(screen.getByLabelText('Peran'), 'opd_planner');
  await user.click(screen.getByRole('button', { name: 'Tambah pengguna' }));
  // then
  const username = screen.getByLabelText(/Nama pengguna/);
  await waitFor(() => expect(username).toHaveAccessibleDescription('Pengguna dengan nama pengguna tersebut sudah ada.'));
  expect(screen.getByLabelText(/Kata sandi awal/)).toHaveAccessibleDescription('Kata sandi ini terlalu umum.');
  expect(screen.getByLabelText('Perangkat daerah')).toHaveAccessibleDescription('Peran OPD wajib memiliki perangkat daerah.');
  const sent = api.requests.find((request) => request.method === 'POST');
  expect(await sent!.json()).toMatchObject({ username: 'bappeda', role: 'opd_planner', perangkat_daerah: null });
});

test('a created user is announced and the list reloads', async () => {
  // given
  let created = false;
  adminApi({
    'POST /api/users/': () => {
      created = true;
      return { status: 201, body: { ...users[1]!, id: 20, username: 'pimpinan.baru', role: 'leader' } };
    },
    'GET /api/users/': () => ({
      body: page(created ? [...users, { ...users[1]!, id: 20, username: 'pimpinan.baru', role: 'leader' }] : users),
    }),
  });
  const { user } = renderApp('/admin');
  await screen.findByRole('table');
  // when
  await user.type(screen.getByLabelText(/Nama pengguna/), 'pimpinan.baru');
  await user.type(screen.getByLabelText(/Kata sandi awal/), 'Sukamaju-Kuat-77');
  await user.click(screen.getByRole('button', { name: 'Tambah pengguna' }));
  // then
  expect(await screen.findByText('Pengguna pimpinan.baru ditambahkan.')).toBeInTheDocument();
  expect(await within(screen.getByRole('table')).findByText('pimpinan.baru')).toBeInTheDocument();
});

test('the admin menu entry is offered to the admin only', async () => {
  // given
  installFakeApi({ 'GET /api/auth/me/': { body: bappedaUser }, 'GET /api/perangkat-daerah/': { body: page([]) } });
  // when
  renderApp('/perangkat-daerah');
  // then
  const menu = await screen.findByRole('navigation', { name: 'Menu utama' });
  expect(within(menu).queryByRole('link', { name: 'Administrasi' })).not.toBeInTheDocument();
});
