import { Button } from '@mantine/core';
import { Pagination } from '@/components/ui/pagination';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { useSearchParamsState } from '@/lib/search-params';
import { ROLE_LABELS, USER_PAGE_SIZE, useDeactivateUser, useUserList, type User } from '../api/admin';
import { UserForm } from './user-form';

function fullName(user: User) {
  return [user.first_name, user.last_name].filter(Boolean).join(' ') || '—';
}

function UsersTable({ rows, selfId }: { rows: User[]; selfId?: number }) {
  const deactivate = useDeactivateUser();
  return (
    <>
      {deactivate.isError && <ErrorAlert error={deactivate.error} />}
      <ScrollRegion label="Daftar pengguna">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Nama pengguna</th>
              <th scope="col">Nama</th>
              <th scope="col">Peran</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Tindakan</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((user) => (
              <tr key={user.id}>
                <td className="code">{user.username}</td>
                <td>{fullName(user)}</td>
                <td>{user.role ? ROLE_LABELS[user.role] : '—'}</td>
                <td>
                  <span className={user.is_active === false ? 'badge badge-muted' : 'badge badge-ok'}>
                    {user.is_active === false ? 'Nonaktif' : 'Aktif'}
                  </span>
                </td>
                <td>
                  {user.is_active !== false && user.id !== selfId && (
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={`Nonaktifkan ${user.username}`}
                      loading={deactivate.isPending && deactivate.variables === user.id}
                      onClick={() => deactivate.mutate(user.id)}
                    >
                      Nonaktifkan
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}

/** The pemda's users: the list (deactivate any but oneself) and the form to add one. */
export function UsersPanel({ selfId }: { selfId?: number }) {
  const [searchParams, setSearchParams] = useSearchParamsState();
  const page = Math.max(1, Number(searchParams.get('page')) || 1);
  const list = useUserList(page);
  return (
    <section className="panel" aria-labelledby="admin-users-title">
      <h2 id="admin-users-title">Pengguna</h2>
      <UserForm />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.results.length === 0 ? (
        <EmptyState>Belum ada pengguna.</EmptyState>
      ) : (
        <>
          <UsersTable rows={list.data.results} selfId={selfId} />
          <Pagination
            page={page}
            pageSize={USER_PAGE_SIZE}
            count={list.data.count}
            onPageChange={(next) =>
              setSearchParams((params) => {
                const updated = new URLSearchParams(params);
                updated.set('page', String(next));
                return updated;
              })
            }
          />
        </>
      )}
    </section>
  );
}
