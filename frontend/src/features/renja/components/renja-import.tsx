import { Button, Checkbox, Progress } from '@mantine/core';
import { useId, useState } from 'react';
import { ApiError, type Schemas } from '@/api/client';
import { ErrorAlert } from '@/components/ui/status';
import { formatNumber } from '@/lib/format';
import { exportUrl, useRenjaImport, type Renja } from '../api/renja';

type RowProblem = Schemas['ImportRowError'];

/** The 400 of a refused import: every bad row (row, column, reason) and how many there were in all. */
function rejected(error: unknown): { detail: string; errors: RowProblem[]; count: number } | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const body = error.body as Schemas['ImportRejected'] | null;
  if (!body || !Array.isArray(body.errors)) return null;
  return { detail: body.detail ?? 'Berkas ditolak.', errors: body.errors, count: body.error_count ?? body.errors.length };
}

function ProblemTable({ caption, rows }: { caption: string; rows: readonly RowProblem[] }) {
  return (
    <div className="grid-scroll">
      <table className="table table-compact">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Baris</th>
            <th scope="col">Kolom</th>
            <th scope="col">Alasan</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={`${row.row}-${row.column}-${index}`}>
              <td className="cell-number">{row.row ?? '–'}</td>
              <td>{row.column || '–'}</td>
              <td>{row.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Download the Renja's rows as .xlsx, and (while it is a draft) upload a workbook of sub kegiatan rows: one bad row
 * imports nothing and every bad row is listed; warnings of an accepted file are listed too.
 */
export function RenjaImport({ renja, editable }: { renja: Renja; editable: boolean }) {
  const upload = useRenjaImport();
  const [file, setFile] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const fileId = useId();
  const refused = rejected(upload.error);

  return (
    <section className="renja-import" aria-labelledby="renja-import-title">
      <h2 id="renja-import-title">Impor dan ekspor</h2>
      <p>
        <a className="button" href={exportUrl(renja.id)} download>
          Unduh Renja (.xlsx)
        </a>{' '}
        <span className="muted">kolom yang sama dengan yang diterima impor.</span>
      </p>
      {editable && (
        <form
          className="sub-form-fields"
          onSubmit={(event) => {
            event.preventDefault();
            if (file) upload.mutate({ id: renja.id, file, replace });
          }}
        >
          <div className="file-field">
            <label htmlFor={fileId}>Berkas sub kegiatan (.xlsx atau .csv)</label>
            <input
              id={fileId}
              type="file"
              accept=".xlsx,.csv"
              aria-describedby={`${fileId}-hint`}
              onChange={(event) => {
                upload.reset();
                setFile(event.currentTarget.files?.[0] ?? null);
              }}
            />
            <span id={`${fileId}-hint`} className="muted">
              Kolom seperti SIPD: kode sub kegiatan, pagu, sumber dana, lokasi, waktu, indikator, target.
            </span>
          </div>
          <Checkbox
            label="Ganti semua sub kegiatan yang ada (hapus dulu)"
            checked={replace}
            onChange={(event) => setReplace(event.currentTarget.checked)}
          />
          <div className="doc-bar">
            <Button type="submit" disabled={!file} loading={upload.isPending}>
              Impor
            </Button>
          </div>
          {upload.isPending && <Progress value={100} animated aria-label="Mengunggah dan memeriksa berkas" />}
        </form>
      )}
      {upload.isSuccess && (
        <div role="status">
          <p className="alert alert-ok">{formatNumber(upload.data.created)} sub kegiatan diimpor.</p>
          {upload.data.warnings.length > 0 && <ProblemTable caption="Perlu diperiksa" rows={upload.data.warnings} />}
        </div>
      )}
      {refused && (
        <div role="alert">
          <p className="alert alert-error">
            {refused.detail} Perbaiki {formatNumber(refused.count)} kesalahan berikut lalu unggah lagi.
          </p>
          <ProblemTable caption="Kesalahan per baris" rows={refused.errors} />
        </div>
      )}
      {upload.isError && !refused && <ErrorAlert error={upload.error} />}
    </section>
  );
}
