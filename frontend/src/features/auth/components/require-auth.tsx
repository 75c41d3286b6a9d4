import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorAlert, Loading } from '@/components/ui/status';
import { useMe } from '../api/get-me';

/** Renders the nested routes for a signed-in user; sends anyone else to /login and back afterwards. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();

  if (me.isPending) return <Loading />;
  if (me.isError) {
    return (
      <main className="page">
        <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  }
  if (!me.data) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return <Outlet />;
}
