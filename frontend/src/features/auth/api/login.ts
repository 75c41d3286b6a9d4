import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ensureCsrfCookie, fetchClient, startSession, unwrap, type Schemas } from '@/api/client';
import { meQueryKey, type Me } from './get-me';

export type LoginInput = Schemas['LoginRequest'];

async function login(input: LoginInput): Promise<Me> {
  await ensureCsrfCookie();
  const me = unwrap(await fetchClient.POST('/api/auth/login/', { body: input }));
  startSession();
  return me;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: async (me) => {
      // The anonymous answer of a probe still in flight must not overwrite the signed-in user.
      await queryClient.cancelQueries({ queryKey: meQueryKey });
      // Nothing cached for a previous user may leak into this session.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
      queryClient.setQueryData(meQueryKey, me);
    },
  });
}
