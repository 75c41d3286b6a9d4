import { createTheme, MantineProvider, Modal, Notification } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError, onUnauthorized } from '@/api/client';
import { meQueryKey } from '@/features/auth/api/get-me';
import '@/lib/i18n';
import { PeriodProvider } from '@/lib/period';

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

const theme = createTheme({
  // blue.8 on white passes WCAG AA contrast for button labels (teal and the lighter shades do not).
  primaryColor: 'blue',
  primaryShade: 8,
  fontFamily: 'inherit',
  // Mantine's default focus ring only on keyboard focus; the house CSS keeps its own visible outline.
  focusRing: 'auto',
  // Mantine's close buttons are icons without a name.
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Tutup' } } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Tutup pemberitahuan' } } }),
  },
});

export function AppProvider({ children, queryClient }: { children: ReactNode; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());

  // Auth errors are handled once, here: any 401 means the session is gone, and RequireAuth
  // then sends the user to /login (once: the cached user becomes null, further 401s change nothing).
  useEffect(() => onUnauthorized(() => client.setQueryData(meQueryKey, null)), [client]);

  return (
    <MantineProvider theme={theme}>
      <Notifications position="bottom-right" />
      <QueryClientProvider client={client}>
        <PeriodProvider>{children}</PeriodProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
