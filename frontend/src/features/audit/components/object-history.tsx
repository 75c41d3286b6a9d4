import { EmptyState, Loading } from '@/components/ui/status';
import { formatDateTime, formatNumber } from '@/lib/format';
import { eventContext, useObjectEvents, type AuditEvent } from '../api/get-audit-events';
import { useUserName } from '../api/get-users';
import { ActionBadge } from './action-badge';
import { AuditError } from './audit-error';
import { EventChanges } from './event-changes';

function TimelineItem({ event, nameOf }: { event: AuditEvent; nameOf: (id: number | null) => string }) {
  const { user, url } = eventContext(event);
  return (
    <li className="timeline-item">
      <div className="timeline-head">
        <time dateTime={event.pgh_created_at}>{formatDateTime(event.pgh_created_at)}</time>
        <ActionBadge label={event.pgh_label} />
        <span>oleh {nameOf(user)}</span>
        {url && <span className="code muted">{url}</span>}
      </div>
      {event.pgh_label === 'update' ? (
        <EventChanges event={event} />
      ) : (
        <details>
          <summary>{event.pgh_label === 'delete' ? 'Data saat dihapus' : 'Data saat dibuat'}</summary>
          <EventChanges event={event} />
        </details>
      )}
    </li>
  );
}

/** The timeline of one object's changes, newest first: who changed which fields from what to what. */
export function ObjectHistory({ model, objectId }: { model: string; objectId: string | number }) {
  const events = useObjectEvents(model, String(objectId));
  const nameOf = useUserName();
  if (events.isPending) return <Loading />;
  if (events.isError) return <AuditError error={events.error} onRetry={() => void events.refetch()} />;
  const { count, results } = events.data;
  if (results.length === 0) return <EmptyState>Belum ada riwayat.</EmptyState>;
  return (
    <>
      {count > results.length && (
        <p className="muted" role="status">
          Menampilkan {formatNumber(results.length)} dari {formatNumber(count)} peristiwa terbaru.
        </p>
      )}
      <ol className="timeline" aria-label="Riwayat perubahan">
        {results.map((event) => (
          <TimelineItem key={event.pgh_slug} event={event} nameOf={nameOf} />
        ))}
      </ol>
    </>
  );
}
