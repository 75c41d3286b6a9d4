import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchClient, unwrap, type Schemas } from '@/api/client';
import type { ReferenceKind } from '../kinds';

export type ReferenceNode = Schemas['Nomenklatur'] | Schemas['Akun'] | Schemas['SumberDana'];

type NodeQuery = { version: number; root?: boolean; parent?: number; q?: string; page_size: number };
type NodePage = { count: number; results: ReferenceNode[] };

const CHILDREN_PAGE_SIZE = 1000;
export const SEARCH_PAGE_SIZE = 100;

async function listNodes(kind: ReferenceKind, query: NodeQuery): Promise<NodePage> {
  switch (kind) {
    case 'nomenklatur':
      return unwrap(await fetchClient.GET('/api/nomenklatur/', { params: { query } }));
    case 'akun':
      return unwrap(await fetchClient.GET('/api/akun/', { params: { query } }));
    case 'sumber_dana':
      return unwrap(await fetchClient.GET('/api/sumber-dana/', { params: { query } }));
  }
}

/** Roots of a version (`parent` omitted) or the children of one node, all in one page. */
export function useReferenceChildren(kind: ReferenceKind, version: number, parent?: number) {
  const query: NodeQuery =
    parent === undefined
      ? { version, root: true, page_size: CHILDREN_PAGE_SIZE }
      : { version, parent, page_size: CHILDREN_PAGE_SIZE };
  return useQuery({
    queryKey: ['reference', kind, version, 'children', parent ?? null],
    queryFn: () => listNodes(kind, query),
    staleTime: 5 * 60 * 1000,
  });
}

/** Nodes whose code starts with `q` or whose name contains it. */
export function useReferenceSearch(kind: ReferenceKind, version: number, q: string) {
  return useQuery({
    queryKey: ['reference', kind, version, 'search', q],
    queryFn: () => listNodes(kind, { version, q, page_size: SEARCH_PAGE_SIZE }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}
