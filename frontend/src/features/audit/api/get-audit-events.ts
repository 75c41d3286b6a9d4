import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchClient, unwrap, type Schemas } from '@/api/client';
import type { paths } from '@/api/schema';
import { apiQuery, type AuditFilters } from '../filters';

export type AuditEvent = Schemas['AuditEvent'];

export const AUDIT_PAGE_SIZE = 50;
/** One object rarely changes more often than this; the timeline says so when it does. */
export const OBJECT_HISTORY_LIMIT = 200;

type EventQuery = NonNullable<paths['/api/audit-events/']['get']['parameters']['query']>;

// Read through `unwrap` rather than `$api`, so a refusal arrives as an ApiError with its 403 status.
async function listEvents(query: EventQuery) {
  return unwrap(await fetchClient.GET('/api/audit-events/', { params: { query } }));
}

export function useAuditEvents(filters: AuditFilters, page: number) {
  const query = { ...apiQuery(filters), page, page_size: AUDIT_PAGE_SIZE };
  return useQuery({
    queryKey: ['audit', 'events', query],
    queryFn: () => listEvents(query),
    placeholderData: keepPreviousData,
  });
}

export function useAuditEvent(slug: string) {
  return useQuery({
    queryKey: ['audit', 'event', slug],
    queryFn: async () =>
      unwrap(await fetchClient.GET('/api/audit-events/{pgh_slug}/', { params: { path: { pgh_slug: slug } } })),
  });
}

/** The newest events of one object, newest first. */
export function useObjectEvents(model: string, objectId: string) {
  const query = { model, object_id: objectId, page_size: OBJECT_HISTORY_LIMIT };
  return useQuery({ queryKey: ['audit', 'events', query], queryFn: () => listEvents(query) });
}

type EventContext = { user: number | null; url: string | null };

/** The user id and request URL pghistory stored with the event; both absent for changes made outside a request. */
export function eventContext(event: AuditEvent): EventContext {
  const context = (event.pgh_context ?? {}) as Record<string, unknown>;
  return {
    user: typeof context.user === 'number' ? context.user : null,
    url: typeof context.url === 'string' && context.url ? context.url : null,
  };
}

/** The row after the change (before it, for a delete). */
export function eventData(event: AuditEvent): Record<string, unknown> {
  const data = event.pgh_data;
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
}

/** `{field: [before, after]}` of an update; empty for other events. */
export function eventDiff(event: AuditEvent): [string, unknown, unknown][] {
  const diff = event.pgh_diff;
  if (typeof diff !== 'object' || diff === null) return [];
  return Object.entries(diff as Record<string, unknown>)
    .filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]))
    .map(([field, [before, after]]) => [field, before, after]);
}
