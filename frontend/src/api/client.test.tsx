import { QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createQueryClient } from '@/app/provider';
import { installFakeApi } from '@/test/fake-api';
import { $api, ApiError, ensureCsrfCookie, fetchClient } from './client';

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

test('a query hook fails with an ApiError carrying the status, and a 4xx is asked for once, not retried', async () => {
  // given
  const api = installFakeApi({ 'GET /api/pemda/': { status: 403, body: { detail: 'Dilarang.', code: 'permission_denied' } } });
  const queryClient = createQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );

  // when
  const { result } = renderHook(() => $api.useQuery('get', '/api/pemda/'), { wrapper });
  await waitFor(() => expect(result.current.isError).toBe(true));

  // then
  expect(result.current.error).toBeInstanceOf(ApiError);
  expect((result.current.error as unknown as ApiError).status).toBe(403);
  expect((result.current.error as unknown as ApiError).body).toEqual({ detail: 'Dilarang.', code: 'permission_denied' });
  expect(api.requests.filter((r) => r.url.endsWith('/api/pemda/'))).toHaveLength(1);
});
