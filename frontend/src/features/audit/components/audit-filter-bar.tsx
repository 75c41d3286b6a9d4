import { useId } from 'react';
import type { Schemas } from '@/api/client';
import { userName } from '../api/get-users';
import type { AuditFilters, FilterKey } from '../filters';
import { ACTION_LABELS, isTrackedModel, modelLabel, TRACKED_MODELS } from '../tracked-models';

type AuditFilterBarProps = {
  filters: AuditFilters;
  users: readonly Schemas['User'][];
  onChange: (key: FilterKey, value: string) => void;
  onReset: () => void;
};

function useFieldIds() {
  const id = useId();
  return {
    model: `${id}-model`,
    label: `${id}-label`,
    user: `${id}-user`,
    since: `${id}-since`,
    until: `${id}-until`,
  };
}

export function AuditFilterBar({ filters, users, onChange, onReset }: AuditFilterBarProps) {
  const ids = useFieldIds();
  const knownUser = users.some((user) => String(user.id) === filters.user);
  const filtered = Object.values(filters).some(Boolean);

  return (
    <div className="toolbar" role="group" aria-label="Saring peristiwa">
      <div className="field">
        <label htmlFor={ids.model}>Jenis objek</label>
        <select id={ids.model} value={filters.model} onChange={(event) => onChange('model', event.target.value)}>
          <option value="">Semua jenis</option>
          {filters.model && !isTrackedModel(filters.model) && (
            <option value={filters.model}>{modelLabel(filters.model)}</option>
          )}
          {TRACKED_MODELS.map((group) => (
            <optgroup key={group.app} label={group.label}>
              {Object.entries(group.models).map(([name, label]) => (
                <option key={name} value={`${group.app}.${name}`}>
                  {label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.label}>Tindakan</label>
        <select id={ids.label} value={filters.label} onChange={(event) => onChange('label', event.target.value)}>
          <option value="">Semua tindakan</option>
          {Object.entries(ACTION_LABELS).map(([label, text]) => (
            <option key={label} value={label}>
              {text}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.user}>Pengguna</label>
        <select id={ids.user} value={filters.user} onChange={(event) => onChange('user', event.target.value)}>
          <option value="">Semua pengguna</option>
          {filters.user && !knownUser && <option value={filters.user}>Pengguna #{filters.user}</option>}
          {users.map((user) => (
            <option key={user.id} value={user.id}>
              {userName(user)} ({user.username})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.since}>Dari tanggal</label>
        <input
          id={ids.since}
          type="date"
          value={filters.since}
          max={filters.until || undefined}
          onChange={(event) => onChange('since', event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.until}>Sampai tanggal</label>
        <input
          id={ids.until}
          type="date"
          value={filters.until}
          min={filters.since || undefined}
          onChange={(event) => onChange('until', event.target.value)}
        />
      </div>
      {filtered && (
        <button type="button" className="button" onClick={onReset}>
          Hapus filter
        </button>
      )}
    </div>
  );
}
