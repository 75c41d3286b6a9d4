import { installFakeApi } from '@/test/fake-api';
import { ensureCsrfCookie, fetchClient } from './client';

test('the CSRF cookie is requested once, however many callers wait for it', async () => {
  // given
  const api = installFakeApi({});

  // when
  await Promise.all([ensureCsrfCookie(), ensureCsrfCookie()]);
  await ensureCsrfCookie();

  // then
  expect(api.requests.filter((r) => r.url.endsWith('/api/auth/csrf/'))).toHaveLength(1);
});

test('unsafe requests send the csrftoken cookie as X-CSRFToken; safe ones do not', async () => {
  // given
  document.cookie = 'csrftoken=s3cr%3Dt; path=/';
  const api = installFakeApi({ 'POST /api/auth/logout/': { status: 204 }, 'GET /api/auth/me/': { status: 401 } });

  // when
  await fetchClient.POST('/api/auth/logout/');
  await fetchClient.GET('/api/auth/me/');

  // then
  const [post, get] = api.requests;
  expect(post?.headers.get('X-CSRFToken')).toBe('s3cr=t');
  expect(get?.headers.get('X-CSRFToken')).toBeNull();
});
