import { NativeSelect } from '@mantine/core';
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type SortingState,
} from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { Schemas } from '@/api/client';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { formatNumber } from '@/lib/format';
import { usePageTitle } from '@/lib/page-title';
import { usePeriod } from '@/lib/period';
import { usePlanningChecks } from '../api/cascade';
import { usePerangkatDaerahNames } from '../api/perangkat-daerah';
import { CHECK_LABELS, issueLink } from '../check-links';

type Issue = Schemas['PlanIssue'];
const column = createColumnHelper<Issue>();

/** The cascade and code checks of a year as a worklist, each finding linked to the row to fix. */
export function PlanningChecksPage() {
  const { tahun } = usePeriod();
  const [opdFilter, setOpdFilter] = useState<number | null>(null);
  const [codeFilter, setCodeFilter] = useState<string | null>(null);
  const [sorting, setSorting] = useState<SortingState>([]);
  const checks = usePlanningChecks(tahun, opdFilter);
  const opd = usePerangkatDaerahNames();
  usePageTitle(`Pemeriksaan Perencanaan ${tahun}`);

  const issues = useMemo(
    () => (checks.data?.issues ?? []).filter((issue) => !codeFilter || issue.code === codeFilter),
    [checks.data, codeFilter],
  );
  const codes = [...new Set((checks.data?.issues ?? []).map((issue) => issue.code))];

  const columns = useMemo(
    () => [
      column.accessor((issue) => CHECK_LABELS[issue.code] ?? issue.code, { id: 'code', header: 'Pemeriksaan' }),
      column.accessor('message', { header: 'Temuan' }),
      column.accessor('kode', { header: 'Kode', cell: (info) => <span className="code">{info.getValue()}</span> }),
      column.accessor((issue) => opd.name(issue.perangkat_daerah), { id: 'opd', header: 'Perangkat daerah' }),
      column.display({
        id: 'link',
        header: 'Perbaiki',
        cell: ({ row }) => {
          const to = issueLink(row.original);
          return to ? (
            <Link to={to} aria-label={`Buka ${row.original.message}`}>
              Buka
            </Link>
          ) : (
            '–'
          );
        },
      }),
    ],
    [opd],
  );

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Table's instance is not memoisable
  const table = useReactTable({
    data: issues,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });

  return (
    <section className="page page-wide" aria-labelledby="checks-title">
      <div className="page-header">
        <h1 id="checks-title">Pemeriksaan Perencanaan {tahun}</h1>
        <p className="muted">Temuan pemeriksaan rantai kinerja dan kode nomenklatur; buka baris untuk memperbaikinya.</p>
      </div>
      <div className="toolbar">
        <NativeSelect
          label="Perangkat daerah"
          value={opdFilter ? String(opdFilter) : ''}
          onChange={(event) => setOpdFilter(Number(event.currentTarget.value) || null)}
          data={[{ value: '', label: 'Semua perangkat daerah' }, ...opd.rows.map((row) => ({ value: String(row.id), label: row.nama }))]}
        />
        <NativeSelect
          label="Jenis temuan"
          value={codeFilter ?? ''}
          onChange={(event) => setCodeFilter(event.currentTarget.value || null)}
          data={[{ value: '', label: 'Semua jenis' }, ...codes.map((code) => ({ value: code, label: CHECK_LABELS[code] ?? code }))]}
        />
      </div>
      {checks.isPending && <Loading label="Memeriksa perencanaan…" />}
      {checks.isError && <ErrorAlert error={checks.error} onRetry={() => void checks.refetch()} />}
      {checks.data && (
        <p role="status">
          {formatNumber(issues.length)} temuan{codeFilter || opdFilter ? ` (dari ${formatNumber(checks.data.count)})` : ''}
        </p>
      )}
      {checks.data && issues.length === 0 && <EmptyState>Tidak ada temuan. Perencanaan tahun ini konsisten.</EmptyState>}
      {issues.length > 0 && (
        <table className="table">
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                    >
                      {header.column.getCanSort() ? (
                        <button type="button" className="link-button" onClick={header.column.getToggleSortingHandler()}>
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
