import { formatDateTime, formatNumber } from '@/lib/format';
import { eventData, eventDiff, type AuditEvent } from '../api/get-audit-events';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A stored value as the user reads it; ids, years and codes keep their digits ungrouped. */
export function formatValue(field: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'Ya' : 'Tidak';
  if (typeof value === 'number') {
    const plain = field === 'id' || field.endsWith('_id') || (Number.isInteger(value) && Math.abs(value) < 10000);
    return plain ? String(value) : formatNumber(value);
  }
  if (typeof value === 'string') {
    if (value === '') return '(kosong)';
    return ISO_DATE_TIME.test(value) ? formatDateTime(value) : value;
  }
  return JSON.stringify(value);
}

/** `id` first, then the other fields alphabetically. */
function byField([a]: [string, ...unknown[]], [b]: [string, ...unknown[]]): number {
  if (a === 'id' || b === 'id') return a === 'id' ? -1 : 1;
  return a.localeCompare(b);
}

function DiffTable({ event }: { event: AuditEvent }) {
  const changes = eventDiff(event).sort(byField);
  if (changes.length === 0) return <p className="muted">Tidak ada kolom yang berubah.</p>;
  return (
    <table className="table table-compact" aria-label="Perubahan">
      <thead>
        <tr>
          <th scope="col">Kolom</th>
          <th scope="col">Sebelum</th>
          <th scope="col" aria-hidden="true"></th>
          <th scope="col">Sesudah</th>
        </tr>
      </thead>
      <tbody>
        {changes.map(([field, before, after]) => (
          <tr key={field}>
            <th scope="row" className="code">
              {field}
            </th>
            <td className="diff-before">{formatValue(field, before)}</td>
            <td aria-hidden="true" className="muted">
              →
            </td>
            <td className="diff-after">{formatValue(field, after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FieldsTable({ event, label }: { event: AuditEvent; label: string }) {
  const fields = Object.entries(eventData(event)).sort(byField);
  return (
    <table className="table table-compact" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Kolom</th>
          <th scope="col">Nilai</th>
        </tr>
      </thead>
      <tbody>
        {fields.map(([field, value]) => (
          <tr key={field}>
            <th scope="row" className="code">
              {field}
            </th>
            <td>{formatValue(field, value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What an event changed: before → after of each changed field for an update, the whole row otherwise. */
export function EventChanges({ event }: { event: AuditEvent }) {
  if (event.pgh_label === 'update') return <DiffTable event={event} />;
  return <FieldsTable event={event} label={event.pgh_label === 'delete' ? 'Data yang dihapus' : 'Data yang dibuat'} />;
}
