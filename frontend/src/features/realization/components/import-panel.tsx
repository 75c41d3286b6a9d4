import { Button, Progress } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '@/api/client';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { ErrorAlert } from '@/components/ui/status';
import { formatNumber, formatRupiah } from '@/lib/format';
import { useImportFile, useImportJob, type ImportRejected, type ImportResult } from '../api/realisasi';

function rejectedOf(value: unknown): ImportRejected | null {
  const body = value instanceof ApiError ? value.body : value;
  if (typeof body !== 'object' || body === null) return null;
  const record = body as ImportRejected;
  return Array.isArray(record.errors) ? record : null;
}

function Rejected({ rejected }: { rejected: ImportRejected }) {
  const errors = rejected.errors ?? [];
  return (
    <div className="import-rejected">
      <p className="alert alert-error" role="alert">
        {rejected.detail ??
          `Berkas ditolak (${formatNumber(rejected.error_count ?? errors.length)} kesalahan); tidak ada baris yang dicatat.`}
      </p>
      <ScrollRegion label="Kesalahan per baris">
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col" className="num">
                Baris
              </th>
              <th scope="col">Kolom</th>
              <th scope="col">Alasan</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((error, index) => (
              <tr key={index}>
                <td className="num">{error.row ?? '–'}</td>
                <td className="code">{error.column || '–'}</td>
                <td className="wrap">{error.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}

function Done({ result }: { result: ImportResult }) {
  return (
    <p className="alert alert-ok" role="status">
      {formatNumber(result.created)} entri realisasi dicatat, jumlah {formatRupiah(result.total)}
      {result.flagged > 0 ? `; ${formatNumber(result.flagged)} melebihi pagu DPA dan ditandai` : ''}.
    </p>
  );
}

/** Upload a SIPD-like realization export; all rows are posted or none, with every bad row listed. */
export function ImportPanel({ anggaran }: { anggaran: number }) {
  const [file, setFile] = useState<File | null>(null);
  const upload = useImportFile();
  const jobId = upload.data?.kind === 'job' ? upload.data.job.id : null;
  const job = useImportJob(jobId);
  const jobStatus = job.data?.status ?? (upload.data?.kind === 'job' ? upload.data.job.status : undefined);
  const running = upload.isPending || jobStatus === 'queued' || jobStatus === 'running';
  const rejected = rejectedOf(upload.error) ?? (jobStatus === 'rejected' ? rejectedOf(job.data?.result) : null);
  const result = upload.data?.kind === 'done' ? upload.data.result : jobStatus === 'done' ? (job.data?.result as ImportResult) : null;

  return (
    <section aria-labelledby="import-title" className="panel">
      <h2 id="import-title">Impor realisasi</h2>
      <p className="muted">
        Berkas .xlsx atau .csv ekspor SIPD dengan kolom tanggal, nomor SP2D/SPJ, jenis dokumen, kode sub kegiatan, kode
        rekening, (kode sumber dana,) nilai dan keterangan. Satu baris salah membuat seluruh berkas ditolak.
      </p>
      <form
        className="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          if (file) upload.mutate({ file, anggaran });
        }}
      >
        <label className="field">
          <span>Berkas realisasi</span>
          <input
            type="file"
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              upload.reset();
            }}
          />
        </label>
        <Button type="submit" disabled={!file || running} loading={upload.isPending}>
          Impor
        </Button>
      </form>
      {running && (
        <div role="status" aria-live="polite" className="import-progress">
          <Progress value={100} striped animated aria-label="Proses impor" />
          <span>{job.data?.status_label ?? (upload.isPending ? 'Mengunggah…' : 'Menunggu antrean…')}</span>
        </div>
      )}
      {result && <Done result={result} />}
      {rejected && <Rejected rejected={rejected} />}
      {upload.isError && !rejected && <ErrorAlert error={upload.error} />}
      {jobStatus === 'failed' && <ErrorAlert error={job.data?.detail || 'Impor gagal.'} />}
      {job.isError && <ErrorAlert error={job.error} onRetry={() => void job.refetch()} />}
    </section>
  );
}
