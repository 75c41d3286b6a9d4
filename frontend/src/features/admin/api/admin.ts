import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import { $api, fetchClient, unwrap, type Schemas } from '@/api/client';
import { importStarted, type ImportStarted } from '@/components/ui/import-panel';

export type User = Schemas['User'];
export type UserInput = Schemas['UserRequest'];
export type Role = Schemas['RoleEnum'];
export type OpdImportResult = Schemas['PerangkatDaerahImportResult'];
export type Pemda = Schemas['Pemda'];

export const USER_PAGE_SIZE = 50;

/** The roles as organisation/models.py names them. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  bappeda: 'Perencana Bappeda',
  opd_planner: 'Perencana OPD',
  finance: 'TAPD / BPKAD',
  opd_finance: 'Bendahara / PPK OPD',
  leader: 'Pimpinan',
  auditor: 'Auditor / Inspektorat',
};

/** Roles that work within one OPD and so need one (OPD_ROLES). */
export const OPD_ROLES: ReadonlySet<Role> = new Set(['opd_planner', 'opd_finance']);

export function useUserList(page: number) {
  return $api.useQuery(
    'get',
    '/api/users/',
    { params: { query: { page, page_size: USER_PAGE_SIZE } } },
    { placeholderData: keepPreviousData },
  );
}

/** The OPD (not sub units) a user may be attached to, by code. */
export function useOpdOptions() {
  return $api.useQuery('get', '/api/perangkat-daerah/', { params: { query: { page_size: 1000 } } });
}

function useInvalidate(...paths: string[]) {
  const queryClient = useQueryClient();
  return () => Promise.all(paths.map((path) => queryClient.invalidateQueries({ queryKey: ['get', path] })));
}

export function useCreateUser() {
  const invalidate = useInvalidate('/api/users/');
  return useMutation({
    mutationFn: async (body: UserInput) => unwrap(await fetchClient.POST('/api/users/', { body })),
    onSuccess: invalidate,
  });
}

export function useDeactivateUser() {
  const invalidate = useInvalidate('/api/users/');
  return useMutation({
    mutationFn: async (id: number) => unwrap(await fetchClient.DELETE('/api/users/{id}/', { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}

export function useInvalidateOpd() {
  return useInvalidate('/api/perangkat-daerah/');
}

/** Upload the pemda's OPD list (KODE, ORGANISASI, KETERANGAN). */
export async function importOpd(file: File): Promise<ImportStarted<OpdImportResult>> {
  return importStarted<OpdImportResult>(
    await fetchClient.POST('/api/perangkat-daerah/import/', {
      body: { file: file as unknown as string },
      bodySerializer: () => {
        const form = new FormData();
        form.append('file', file, file.name);
        return form;
      },
    }),
  );
}

export function usePemda(id: number | undefined) {
  return $api.useQuery('get', '/api/pemda/{id}/', { params: { path: { id: id ?? 0 } } }, { enabled: id !== undefined });
}

export function useRenamePemda() {
  const invalidate = useInvalidate('/api/pemda/{id}/');
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, nama, version }: { id: number; nama: string; version: number }) =>
      unwrap(
        await fetchClient.PATCH('/api/pemda/{id}/', {
          params: { path: { id }, header: { 'If-Match': `"${version}"` } },
          body: { nama },
        }),
      ),
    onSuccess: async () => {
      await invalidate();
      await queryClient.invalidateQueries({ queryKey: ['auth', 'me'] });
    },
  });
}
