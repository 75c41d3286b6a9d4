import { Link } from 'react-router';
import { Pagination } from '@/components/ui/pagination';
import { EmptyState, Loading } from '@/components/ui/status';
import { formatDateTime } from '@/lib/format';
import { AUDIT_PAGE_SIZE, eventContext, useAuditEvents, type AuditEvent } from '../api/get-audit-events';
import { useUserName, useUsers } from '../api/get-users';
import { filtersFromParams, withFilter, withoutFilters } from '../filters';
import { actionLabel, modelLabel, objectHistoryPath } from '../tracked-models';
import { ActionBadge } from './action-badge';
import { AuditError } from './audit-error';
import { AuditFilterBar } from './audit-filter-bar';
import { EventDetail } from './event-detail';
import { useSearchParamsState } from '@/lib/search-params';

type EventTableProps = {
  events: AuditEvent[];
  selected: string | null;
  detailSearch: (slug: string) => string;
};

function EventTable({ events, selected, detailSearch }: EventTableProps) {
  const nameOf = useUserName();
  return (
    <table className="table" aria-label="Peristiwa audit">
      <thead>
        <tr>
          <th scope="col">Waktu</th>
          <th scope="col">Pengguna</th>
          <th scope="col">Tindakan</th>
          <th scope="col">Jenis objek</th>
          <th scope="col">ID objek</th>
          <th scope="col">
            <span className="visually-hidden">Detail</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => {
          const objectName = `${modelLabel(event.pgh_obj_model)} #${event.pgh_obj_id ?? '—'}`;
          return (
            <tr key={event.pgh_slug} className={event.pgh_slug === selected ? 'row-selected' : undefined}>
              <td className="nowrap">{formatDateTime(event.pgh_created_at)}</td>
              <td>{nameOf(eventContext(event).user)}</td>
              <td>
                <ActionBadge label={event.pgh_label} />
              </td>
              <td>{modelLabel(event.pgh_obj_model)}</td>
              <td className="code">
                {event.pgh_obj_id ? (
                  <Link to={objectHistoryPath(event.pgh_obj_model, event.pgh_obj_id)} title={`Riwayat ${objectName}`}>
                    {event.pgh_obj_id}
                  </Link>
                ) : (
                  '—'
                )}
              </td>
              <td>
                <Link
                  to={{ search: detailSearch(event.pgh_slug) }}
                  aria-label={`Detail ${objectName} ${actionLabel(event.pgh_label)}`}
                  aria-current={event.pgh_slug === selected ? 'true' : undefined}
                >
                  Detail
                </Link>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The audit trail of the pemda: filters and the open event live in the query string, so any view can be shared. */
export function AuditPage() {
  const [searchParams, setSearchParams] = useSearchParamsState();
  const filters = filtersFromParams(searchParams);
  const page = Math.max(1, Number(searchParams.get('page')) || 1);
  const selected = searchParams.get('event');
  const events = useAuditEvents(filters, page);
  const users = useUsers();

  function detailSearch(slug: string): string {
    const next = new URLSearchParams(searchParams);
    next.set('event', slug);
    return `?${next}`;
  }

  function closeDetail() {
    setSearchParams((params) => {
      const next = new URLSearchParams(params);
      next.delete('event');
      return next;
    });
  }

  function goToPage(next: number) {
    setSearchParams((params) => {
      const updated = new URLSearchParams(params);
      updated.set('page', String(next));
      return updated;
    });
  }

  return (
    <section className="page page-wide" aria-labelledby="audit-title">
      <div className="page-header">
        <h1 id="audit-title">Audit</h1>
        <p className="muted">Siapa mengubah data apa, kapan, dan dari permintaan mana.</p>
      </div>
      <AuditFilterBar
        filters={filters}
        users={users.data?.results ?? []}
        onChange={(key, value) => setSearchParams((params) => withFilter(params, key, value))}
        onReset={() => setSearchParams((params) => withoutFilters(params))}
      />
      <div className={selected ? 'split split-open' : 'split'}>
        <div className="split-main">
          {events.isPending ? (
            <Loading />
          ) : events.isError ? (
            <AuditError error={events.error} onRetry={() => void events.refetch()} />
          ) : events.data.results.length === 0 ? (
            <EmptyState>Belum ada riwayat.</EmptyState>
          ) : (
            <>
              <EventTable events={events.data.results} selected={selected} detailSearch={detailSearch} />
              <Pagination page={page} pageSize={AUDIT_PAGE_SIZE} count={events.data.count} onPageChange={goToPage} />
            </>
          )}
        </div>
        {selected && <EventDetail key={selected} slug={selected} onClose={closeDetail} />}
      </div>
    </section>
  );
}
