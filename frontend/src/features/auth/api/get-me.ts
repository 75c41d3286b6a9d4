import { queryOptions, useQuery } from '@tanstack/react-query';
import { ensureCsrfCookie, fetchClient, unwrap, type Schemas } from '@/api/client';

export type Me = Schemas['Me'];

export const meQueryKey = ['auth', 'me'] as const;

/** The signed-in user, or null for an anonymous visitor (the API answers 401). */
async function getMe({ signal }: { signal: AbortSignal }): Promise<Me | null> {
  await ensureCsrfCookie();
  const result = await fetchClient.GET('/api/auth/me/', { signal });
  if (result.response.status === 401 || result.response.status === 403) return null;
  return unwrap(result);
}

export const meQueryOptions = queryOptions({
  queryKey: meQueryKey,
  queryFn: getMe,
  staleTime: Infinity,
  retry: false,
});

export function useMe() {
  return useQuery(meQueryOptions);
}

/** "Budi Santoso", or the username when the user has no name. */
export function displayName(user: Pick<Me, 'username' | 'first_name' | 'last_name'>): string {
  return [user.first_name, user.last_name].filter(Boolean).join(' ').trim() || user.username;
}
