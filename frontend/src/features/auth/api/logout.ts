import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fetchClient, unwrap } from '@/api/client';
import { meQueryKey } from './get-me';

async function logout(): Promise<void> {
  const result = await fetchClient.POST('/api/auth/logout/');
  // A session that already expired is as logged out as it gets.
  if (result.response.status !== 401) unwrap(result);
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}
