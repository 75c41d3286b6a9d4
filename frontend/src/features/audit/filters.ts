import { isAuditLabel, type AuditLabel } from './tracked-models';

/** The audit page's filters as kept in the URL: dates are Jakarta calendar days (YYYY-MM-DD), both inclusive. */
export type AuditFilters = {
  model: string;
  label: AuditLabel | '';
  user: string;
  since: string;
  until: string;
};

export type FilterKey = keyof AuditFilters;

export const FILTER_KEYS: readonly FilterKey[] = ['model', 'label', 'user', 'since', 'until'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters in `params`; anything malformed is read as "no filter". */
export function filtersFromParams(params: URLSearchParams): AuditFilters {
  const label = params.get('label') ?? '';
  const user = params.get('user') ?? '';
  const since = params.get('since') ?? '';
  const until = params.get('until') ?? '';
  return {
    model: params.get('model') ?? '',
    label: isAuditLabel(label) ? label : '',
    user: /^\d+$/.test(user) ? user : '',
    since: DATE.test(since) ? since : '',
    until: DATE.test(until) ? until : '',
  };
}

/** `params` with one filter set (or removed when empty); a new filter starts again at page 1 with no event open. */
export function withFilter(params: URLSearchParams, key: FilterKey, value: string): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(key, value);
  else next.delete(key);
  next.delete('page');
  next.delete('event');
  return next;
}

export function withoutFilters(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of [...FILTER_KEYS, 'page', 'event']) next.delete(key);
  return next;
}

function nextDay(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, day! + 1)).toISOString().slice(0, 10);
}

/** The query of GET /api/audit-events/: days become instants at Jakarta midnight, `until` exclusive. */
export function apiQuery(filters: AuditFilters) {
  return {
    model: filters.model || undefined,
    label: filters.label || undefined,
    user: filters.user || undefined,
    since: filters.since ? `${filters.since}T00:00:00+07:00` : undefined,
    until: filters.until ? `${nextDay(filters.until)}T00:00:00+07:00` : undefined,
  };
}
