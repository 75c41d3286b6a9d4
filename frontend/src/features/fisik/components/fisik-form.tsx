import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { formatPercentValue, parseDecimalInput } from '@/lib/format';
import { useSaveFisik, type FisikEntry } from '../api/fisik';

type Target = { perangkat_daerah: number; tahun: number; bulan: number; sub: string };

type Props = {
  entry: FisikEntry | undefined;
  target: Target;
  monthName: string;
  canWrite: boolean;
};

const FIELDS = new Set(['persen', 'permasalahan', 'tindak_lanjut']);

/** "40.50" → "40,5", "40.00" and "40" → "40" for the input (the comma of id-ID). */
export function shown(persen: string | undefined): string {
  if (!persen) return '';
  const trimmed = persen.includes('.') ? persen.replace(/0+$/, '').replace(/\.$/, '') : persen;
  return trimmed.replace('.', ',');
}

/** Menurun: the month is below an earlier one. Accepted, but the person is told to check it or explain it. */
export function MenurunWarning() {
  return (
    <p className="alert alert-warn" role="status">
      Realisasi fisik bulan ini lebih rendah dari bulan sebelumnya (menurun). Periksa kembali angkanya, atau jelaskan
      penyebabnya di permasalahan.
    </p>
  );
}

/**
 * The month's progress (%) with its problems and follow-up: recorded (POST) or corrected (PATCH). Errors of the API
 * appear under their field; a fall below an earlier month is saved and flagged `menurun`.
 */
export function FisikForm({ entry, target, monthName, canWrite }: Props) {
  const [persen, setPersen] = useState(shown(entry?.persen));
  const [permasalahan, setPermasalahan] = useState(entry?.permasalahan ?? '');
  const [tindakLanjut, setTindakLanjut] = useState(entry?.tindak_lanjut ?? '');
  const [localError, setLocalError] = useState<string | null>(null);
  const save = useSaveFisik();
  const errors = fieldErrors(save.error);
  const otherError = save.isError && !Object.keys(errors).some((field) => FIELDS.has(field));
  const persenError = localError ?? errors.persen ?? errors.bulan ?? errors.sub_kegiatan_kode;
  // the answer of the save, until the list read again after it catches up
  const current = save.data && (!entry || (save.data.version ?? 0) >= (entry.version ?? 0)) ? save.data : entry;

  if (!canWrite) {
    return (
      <dl className="fisik-readonly">
        <dt>Realisasi fisik {monthName}</dt>
        <dd>{entry ? formatPercentValue(entry.persen) : 'Belum dilaporkan'}</dd>
        <dt>Permasalahan</dt>
        <dd>{entry?.permasalahan || '–'}</dd>
        <dt>Tindak lanjut</dt>
        <dd>{entry?.tindak_lanjut || '–'}</dd>
        {entry?.menurun && <MenurunWarning />}
      </dl>
    );
  }

  return (
    <form
      className="fisik-form"
      aria-label={`Realisasi fisik ${monthName}`}
      onSubmit={(event) => {
        event.preventDefault();
        const value = parseDecimalInput(persen);
        if (value === null || value === undefined) {
          setLocalError('Isi persentase realisasi fisik, misalnya 45 atau 45,5.');
          return;
        }
        setLocalError(null);
        const body = { persen: value, permasalahan, tindak_lanjut: tindakLanjut };
        save.mutate(entry ? { ...body, entry } : { ...body, ...target });
      }}
    >
      <label className="field">
        <span>Realisasi fisik s.d. {monthName} (%)</span>
        <input
          name="persen"
          inputMode="decimal"
          value={persen}
          onChange={(event) => setPersen(event.target.value)}
          aria-invalid={Boolean(persenError)}
          aria-describedby={persenError ? 'fisik-persen-error' : undefined}
          className="fisik-persen"
        />
        {persenError && (
          <span id="fisik-persen-error" className="field-error">
            {persenError}
          </span>
        )}
      </label>
      <label className="field">
        <span>Permasalahan</span>
        <textarea
          name="permasalahan"
          rows={2}
          value={permasalahan}
          onChange={(event) => setPermasalahan(event.target.value)}
          aria-invalid={Boolean(errors.permasalahan)}
        />
        {errors.permasalahan && <span className="field-error">{errors.permasalahan}</span>}
      </label>
      <label className="field">
        <span>Tindak lanjut</span>
        <textarea
          name="tindak_lanjut"
          rows={2}
          value={tindakLanjut}
          onChange={(event) => setTindakLanjut(event.target.value)}
          aria-invalid={Boolean(errors.tindak_lanjut)}
        />
        {errors.tindak_lanjut && <span className="field-error">{errors.tindak_lanjut}</span>}
      </label>
      {otherError && <ErrorAlert error={save.error} />}
      {current?.menurun && <MenurunWarning />}
      {save.isSuccess && (
        <p className="alert alert-ok" role="status">
          Realisasi fisik {monthName} tersimpan.
        </p>
      )}
      <div>
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Menyimpan…' : entry ? 'Simpan perubahan' : 'Simpan'}
        </button>
      </div>
    </form>
  );
}
