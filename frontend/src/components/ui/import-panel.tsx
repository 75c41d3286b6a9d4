import { Button, Progress } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { $api, ApiError, type Schemas } from '@/api/client';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { ErrorAlert } from '@/components/ui/status';
import { formatNumber } from '@/lib/format';

export type ImportJob = Schemas['ImportJob'];
export type ImportRejected = Schemas['ImportRejected'];

/** An import's answer: done at once (201), or a background job to poll (202). */
export type ImportStarted<R> = { kind: 'done'; result: R } | { kind: 'job'; job: ImportJob };

/** The answer of a multipart import POST as `ImportStarted` (202 is a job); any other failure throws ApiError. */
export function importStarted<R>({ data, error, response }: { data?: unknown; error?: unknown; response: Response }) {
  if (error !== undefined || !response.ok) throw new ApiError(response.status, error);
  if (response.status === 202) return { kind: 'job', job: data as ImportJob } as ImportStarted<R>;
  return { kind: 'done', result: data as R } as ImportStarted<R>;
}

const FINISHED = new Set(['done', 'rejected', 'failed']);

/** A background import, polled every second until it has finished (then `onFinished`). */
export function useImportJob(id: number | null, onFinished?: () => unknown) {
  return $api.useQuery(
    'get',
    '/api/jobs/{id}/',
    { params: { path: { id: id ?? 0 } } },
    {
      enabled: id !== null,
      refetchInterval: (query) => {
        const status = query.state.data?.status;
        if (status && FINISHED.has(status)) {
          void onFinished?.();
          return false;
        }
        return 1000;
      },
    },
  );
}

function rejectedOf(value: unknown): ImportRejected | null {
  const body = value instanceof ApiError ? value.body : value;
  if (typeof body !== 'object' || body === null) return null;
  const record = body as ImportRejected;
  return Array.isArray(record.errors) ? record : null;
}

/** The warnings of an import that went through (rounded prices, unresolved places): row, column, reason. */
export function ImportWarnings({ warnings }: { warnings: readonly Schemas['ImportRowWarning'][] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="row-messages" aria-label="Catatan impor">
      {warnings.map((warning, index) => (
        <li key={index}>
          {warning.row ? `Baris ${warning.row}` : 'Berkas'}
          {warning.column ? ` (${warning.column})` : ''}: {warning.reason}
        </li>
      ))}
    </ul>
  );
}

/** Every bad row of a rejected file: row, column, reason. */
export function ImportErrors({ rejected }: { rejected: ImportRejected }) {
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

type Props<R> = {
  title: string;
  /** What the file must hold. */
  description: ReactNode;
  fileLabel: string;
  /** Send the file (with the panel's other fields, held by the caller) and say how the server answered. */
  submit: (file: File) => Promise<ImportStarted<R>>;
  /** After an import that wrote data, at once or as a finished job (refresh what it changed). */
  onFinished?: () => unknown;
  renderResult: (result: R) => ReactNode;
  /** Other fields of the form, shown before the file (e.g. the import mode). */
  children?: ReactNode;
};

/**
 * Upload a file to an all-or-nothing import: a progress bar while it runs (as a background job when the server
 * says 202, polled until it ends), the result, or every bad row of a rejected file.
 */
export function ImportPanel<R>({ title, description, fileLabel, submit, onFinished, renderResult, children }: Props<R>) {
  const titleId = useId();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({ mutationFn: submit, onSuccess: () => onFinished?.() });
  const jobId = upload.data?.kind === 'job' ? upload.data.job.id : null;
  const job = useImportJob(jobId, onFinished);
  const jobStatus = job.data?.status ?? (upload.data?.kind === 'job' ? upload.data.job.status : undefined);
  const running = upload.isPending || jobStatus === 'queued' || jobStatus === 'running';
  const rejected = rejectedOf(upload.error) ?? (jobStatus === 'rejected' ? rejectedOf(job.data?.result) : null);
  const result =
    upload.data?.kind === 'done' ? upload.data.result : jobStatus === 'done' ? (job.data?.result as R) : null;

  return (
    <section aria-labelledby={titleId} className="panel">
      <h2 id={titleId}>{title}</h2>
      <div className="muted">{description}</div>
      <form
        className="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          if (file) upload.mutate(file);
        }}
      >
        {children}
        <label className="field">
          <span>{fileLabel}</span>
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
      {result !== null && renderResult(result)}
      {rejected && <ImportErrors rejected={rejected} />}
      {upload.isError && !rejected && <ErrorAlert error={upload.error} />}
      {jobStatus === 'failed' && <ErrorAlert error={job.data?.detail || 'Impor gagal.'} />}
      {job.isError && <ErrorAlert error={job.error} onRetry={() => void job.refetch()} />}
    </section>
  );
}
