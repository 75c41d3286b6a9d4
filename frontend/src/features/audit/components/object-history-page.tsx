import { Link, useParams } from 'react-router';
import { eventData, useObjectEvents } from '../api/get-audit-events';
import { modelLabel } from '../tracked-models';
import { ObjectHistory } from './object-history';

/** What the object is called in its newest event: its name, description or code. */
function useObjectName(model: string, objectId: string): string | null {
  // The same query as ObjectHistory's, so it costs no extra request.
  const events = useObjectEvents(model, objectId);
  const newest = events.data?.results[0];
  if (!newest) return null;
  const data = eventData(newest);
  const name = [data.nama, data.uraian, data.kode, data.username].find((value) => typeof value === 'string' && value);
  return typeof name === 'string' ? name : null;
}

export function ObjectHistoryPage() {
  const { model = '', objectId = '' } = useParams();
  const label = modelLabel(model);
  const name = useObjectName(model, objectId);
  return (
    <section className="page" aria-labelledby="history-title">
      <div className="page-header">
        <p className="breadcrumb">
          <Link to={`/audit?${new URLSearchParams({ model })}`}>Audit</Link> / {label}
        </p>
        <h1 id="history-title">
          Riwayat {label} #{objectId}
        </h1>
        <p className="muted">
          {name ? `${name} — setiap perubahan, dari yang terbaru.` : 'Setiap perubahan, dari yang terbaru.'}
        </p>
      </div>
      <ObjectHistory model={model} objectId={objectId} />
    </section>
  );
}
