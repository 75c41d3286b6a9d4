import { Link } from 'react-router';
import { Loading } from '@/components/ui/status';
import { formatDateTime } from '@/lib/format';
import { eventContext, useAuditEvent, type AuditEvent } from '../api/get-audit-events';
import { useUserName } from '../api/get-users';
import { modelLabel, objectHistoryPath } from '../tracked-models';
import { ActionBadge } from './action-badge';
import { AuditError } from './audit-error';
import { EventChanges } from './event-changes';

function EventSummary({ event }: { event: AuditEvent }) {
  const nameOf = useUserName();
  const { user, url } = eventContext(event);
  return (
    <>
      <dl className="facts">
        <div>
          <dt>Waktu</dt>
          <dd>{formatDateTime(event.pgh_created_at)}</dd>
        </div>
        <div>
          <dt>Pengguna</dt>
          <dd>{nameOf(user)}</dd>
        </div>
        <div>
          <dt>Tindakan</dt>
          <dd>
            <ActionBadge label={event.pgh_label} />
          </dd>
        </div>
        <div>
          <dt>Objek</dt>
          <dd>
            {modelLabel(event.pgh_obj_model)} #{event.pgh_obj_id ?? '—'}
            {event.pgh_obj_id && (
              <>
                {' · '}
                <Link to={objectHistoryPath(event.pgh_obj_model, event.pgh_obj_id)}>Riwayat objek</Link>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>URL permintaan</dt>
          <dd className="code wrap">{url ?? '— (di luar permintaan web)'}</dd>
        </div>
      </dl>
      <h3>{event.pgh_label === 'update' ? 'Perubahan' : 'Data baris'}</h3>
      <EventChanges event={event} />
    </>
  );
}

/** One event, fetched by its slug so a shared link opens it even when it is not on the current page. */
export function EventDetail({ slug, onClose }: { slug: string; onClose: () => void }) {
  const event = useAuditEvent(slug);
  return (
    <aside className="detail-panel" aria-label="Detail peristiwa">
      <div className="detail-panel-header">
        <h2>Detail peristiwa</h2>
        <button type="button" className="button button-small" onClick={onClose}>
          Tutup
        </button>
      </div>
      {event.isPending ? (
        <Loading />
      ) : event.isError ? (
        <AuditError error={event.error} onRetry={() => void event.refetch()} />
      ) : (
        <EventSummary event={event.data} />
      )}
    </aside>
  );
}
