import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ensureCsrfCookie, fetchClient, unwrap, type Schemas } from '@/api/client';
import { meQueryKey, type Me } from './get-me';

export type LoginInput = Schemas['LoginRequest'];

async function login(input: LoginInput): Promise<Me> {
  await ensureCsrfCookie();
  return unwrap(await fetchClient.POST('/api/auth/login/', { body: input }));
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (me) => {
      // Nothing cached for a previous user may leak into this session.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
      queryClient.setQueryData(meQueryKey, me);
    },
  });
}
