import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError, onUnauthorized } from '@/api/client';
import { meQueryKey } from '@/features/auth/api/get-me';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30 * 1000,
        refetchOnWindowFocus: false,
        // Retrying a 4xx only repeats the same answer.
        retry: (failureCount, error) =>
          failureCount < 2 && !(error instanceof ApiError && error.status < 500),
      },
    },
  });
}

export function AppProvider({ children, queryClient }: { children: ReactNode; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());

  // Auth errors are handled once, here: any 401 means the session is gone, and RequireAuth
  // then sends the user to /login.
  useEffect(() => onUnauthorized(() => client.setQueryData(meQueryKey, null)), [client]);

  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
