import { $api, type Schemas } from '@/api/client';

type User = Schemas['User'];

/** Users of the pemda for naming who made a change; one page holds them all. */
export function useUsers() {
  return $api.useQuery('get', '/api/users/', { params: { query: { page_size: 1000 } } }, { staleTime: 5 * 60 * 1000 });
}

export function userName(user: Pick<User, 'username' | 'first_name' | 'last_name'>): string {
  return [user.first_name, user.last_name].filter(Boolean).join(' ').trim() || user.username;
}

/** A name for the `user` id of an event's context: changes made outside a request (imports, demo data) are "Sistem". */
export function useUserName(): (id: number | null) => string {
  const users = useUsers();
  const byId = new Map((users.data?.results ?? []).map((user) => [user.id, user]));
  return (id) => {
    if (id === null) return 'Sistem';
    const user = byId.get(id);
    return user ? userName(user) : `Pengguna #${id}`;
  };
}
