import { screen, waitFor, within } from '@testing-library/react';
import { installFakeApi } from '@/test/fake-api';
import { bappedaUser, opdPlannerUser } from '@/test/fixtures';
import { renderApp } from '@/test/render-app';

const notAuthenticated = { status: 401, body: { detail: 'Kredensial tidak diberikan.', code: 'not_authenticated' } };

test('an anonymous visitor is sent to the login page', async () => {
  // given
  installFakeApi({ 'GET /api/auth/me/': notAuthenticated });

  // when
  const { router } = renderApp('/perangkat-daerah');

  // then
  expect(await screen.findByRole('heading', { name: 'Masuk' })).toBeInTheDocument();
  expect(router.state.location.pathname).toBe('/login');
});

test('a wrong password shows the message from the API and stays on the login page', async () => {
  // given
  installFakeApi({
    'GET /api/auth/me/': notAuthenticated,
    'POST /api/auth/login/': { status: 400, body: { non_field_errors: ['Nama pengguna atau kata sandi salah.'] } },
  });
  const { user, router } = renderApp('/login');

  // when
  await user.type(await screen.findByLabelText('Nama pengguna'), 'bappeda');
  await user.type(screen.getByLabelText('Kata sandi'), 'salah');
  await user.click(screen.getByRole('button', { name: 'Masuk' }));

  // then
  expect(await screen.findByRole('alert')).toHaveTextContent('Nama pengguna atau kata sandi salah.');
  expect(router.state.location.pathname).toBe('/login');
});

test('a sign-in locked after repeated failures shows the 429 detail with the wait', async () => {
  // given: the server's answer to a locked username from this address
  installFakeApi({
    'GET /api/auth/me/': notAuthenticated,
    'POST /api/auth/login/': {
      status: 429,
      body: { detail: 'Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit.', code: 'login_locked' },
    },
  });
  const { user } = renderApp('/login');

  // when
  await user.type(await screen.findByLabelText('Nama pengguna'), 'bappeda');
  await user.type(screen.getByLabelText('Kata sandi'), 'x');
  await user.click(screen.getByRole('button', { name: 'Masuk' }));

  // then
  expect(await screen.findByRole('alert')).toHaveTextContent('Coba lagi dalam 15 menit.');
});

test('logging in posts the credentials with the CSRF token and opens the shell', async () => {
  // given
  document.cookie = 'csrftoken=token-from-cookie; path=/';
  const api = installFakeApi({
    'GET /api/auth/me/': notAuthenticated,
    'POST /api/auth/login/': { body: bappedaUser },
  });
  const { user, router } = renderApp('/login');

  // when
  await user.type(await screen.findByLabelText('Nama pengguna'), 'bappeda');
  await user.type(screen.getByLabelText('Kata sandi'), 'Pagu-Demo-2026');
  await user.click(screen.getByRole('button', { name: 'Masuk' }));

  // then
  const banner = await screen.findByRole('banner');
  expect(within(banner).getByText('Kabupaten Sukamaju')).toBeInTheDocument();
  expect(router.state.location.pathname).toBe('/');
  const login = api.requests.find((r) => r.method === 'POST' && r.url.endsWith('/api/auth/login/'));
  expect(login?.headers.get('X-CSRFToken')).toBe('token-from-cookie');
  expect(await login?.json()).toEqual({ username: 'bappeda', password: 'Pagu-Demo-2026' });
});

test('GET requests carry no CSRF header', async () => {
  // given
  document.cookie = 'csrftoken=abc; path=/';
  const api = installFakeApi({ 'GET /api/auth/me/': { body: bappedaUser } });

  // when
  renderApp('/');
  await screen.findByRole('banner');

  // then
  const me = api.requests.find((r) => r.url.endsWith('/api/auth/me/'));
  expect(me?.headers.get('X-CSRFToken')).toBeNull();
});

test('the shell shows the pemda, the user, the role and no OPD for a Bappeda planner', async () => {
  // given
  installFakeApi({ 'GET /api/auth/me/': { body: bappedaUser } });

  // when
  renderApp('/');

  // then
  const banner = await screen.findByRole('banner');
  expect(within(banner).getByText('Kabupaten Sukamaju')).toBeInTheDocument();
  expect(within(banner).getByText('Sri Wahyuni')).toBeInTheDocument();
  expect(within(banner).getByText('Perencana Bappeda')).toBeInTheDocument();
  expect(within(banner).queryByText('Dinas Kesehatan')).not.toBeInTheDocument();
  expect(screen.getByRole('link', { name: 'Dokumentasi API' })).toHaveAttribute('href', '/api/docs/');
});

test('the shell shows the OPD of an OPD user', async () => {
  // given
  installFakeApi({ 'GET /api/auth/me/': { body: opdPlannerUser } });

  // when
  renderApp('/');

  // then
  const banner = await screen.findByRole('banner');
  expect(within(banner).getByText('Dinas Kesehatan')).toBeInTheDocument();
  expect(within(banner).getByText('Perencana OPD')).toBeInTheDocument();
});

test('logout posts with the CSRF token and returns to the login page', async () => {
  // given
  document.cookie = 'csrftoken=abc; path=/';
  const api = installFakeApi({
    'GET /api/auth/me/': { body: bappedaUser },
    'POST /api/auth/logout/': { status: 204 },
  });
  const { user, router } = renderApp('/');

  // when
  await user.click(await screen.findByRole('button', { name: 'Keluar' }));

  // then
  expect(await screen.findByRole('heading', { name: 'Masuk' })).toBeInTheDocument();
  expect(router.state.location.pathname).toBe('/login');
  const logout = api.requests.find((r) => r.url.endsWith('/api/auth/logout/'));
  expect(logout?.headers.get('X-CSRFToken')).toBe('abc');
});

test('a 401 from any call ends the session and shows the login page', async () => {
  // given
  const api = installFakeApi({ 'GET /api/auth/me/': { body: bappedaUser } });
  api.route('GET /api/perangkat-daerah/', notAuthenticated);

  // when
  const { router } = renderApp('/perangkat-daerah');

  // then
  await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
  expect(router.state.location.state).toEqual({ from: '/perangkat-daerah' });
});

test('signing in while the first "who am I" probe is still on its way keeps the user signed in', async () => {
  // given: the anonymous probe is answered only after the sign-in succeeded (a slow first request to a cold server)
  let answerProbe: () => void = () => undefined;
  const probe = new Promise<typeof notAuthenticated>((resolve) => {
    answerProbe = () => resolve(notAuthenticated);
  });
  installFakeApi({ 'GET /api/auth/me/': () => probe, 'POST /api/auth/login/': { body: bappedaUser } });
  const { user, router } = renderApp('/login');
  await user.type(await screen.findByLabelText('Nama pengguna'), 'bappeda');
  await user.type(screen.getByLabelText('Kata sandi'), 'Pagu-Demo-2026');
  await user.click(screen.getByRole('button', { name: 'Masuk' }));
  await screen.findByRole('banner');

  // when: the stale 401 arrives
  answerProbe();
  await probe;
  await new Promise((resolve) => setTimeout(resolve, 50));

  // then
  expect(within(screen.getByRole('banner')).getByText('Kabupaten Sukamaju')).toBeInTheDocument();
  expect(router.state.location.pathname).toBe('/');
});
