import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Pagination } from '@/components/ui/pagination';
import { SearchBox } from '@/components/ui/search-box';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useSearchParamsState } from '@/lib/search-params';
import {
  PERANGKAT_DAERAH_PAGE_SIZE,
  usePerangkatDaerahList,
  type PerangkatDaerah,
} from '../api/get-perangkat-daerah';

/** Where a row's change history lives; without it (the user may not read the audit trail) there is no column. */
type HistoryPath = (row: PerangkatDaerah) => string;

function PerangkatDaerahTable({ rows, historyPath }: { rows: PerangkatDaerah[]; historyPath?: HistoryPath }) {
  // Sub units point at their induk by id; name it when the induk is on the same page.
  const byId = new Map(rows.map((row) => [row.id, row]));
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Kode</th>
          <th scope="col">Nama</th>
          <th scope="col">Singkatan</th>
          <th scope="col">Induk</th>
          <th scope="col">Status</th>
          {historyPath && (
            <th scope="col">
              <span className="visually-hidden">Riwayat</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const induk = row.induk == null ? null : byId.get(row.induk);
          return (
            <tr key={row.id}>
              <td className="code">{row.kode}</td>
              <td>{row.nama}</td>
              <td>{row.singkatan}</td>
              <td>{row.induk == null ? '—' : (induk?.singkatan || induk?.nama || `#${row.induk}`)}</td>
              <td>
                <span className={row.is_active === false ? 'badge badge-muted' : 'badge badge-ok'}>
                  {row.is_active === false ? 'Nonaktif' : 'Aktif'}
                </span>
              </td>
              {historyPath && (
                <td>
                  <Link to={historyPath(row)} aria-label={`Riwayat ${row.nama}`}>
                    Riwayat
                  </Link>
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function PerangkatDaerahPage({ historyPath }: { historyPath?: HistoryPath }) {
  const [searchParams, setSearchParams] = useSearchParamsState();
  const page = Math.max(1, Number(searchParams.get('page')) || 1);
  const [search, setSearch] = useState(searchParams.get('q') ?? '');
  const q = useDebouncedValue(search.trim());

  useEffect(() => {
    setSearchParams(
      (params) => {
        if ((params.get('q') ?? '') === q) return params;
        const next = new URLSearchParams(params);
        if (q) next.set('q', q);
        else next.delete('q');
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  }, [q, setSearchParams]);

  const list = usePerangkatDaerahList({ q: searchParams.get('q') ?? '', page });

  function goToPage(next: number) {
    setSearchParams((params) => {
      const updated = new URLSearchParams(params);
      updated.set('page', String(next));
      return updated;
    });
  }

  return (
    <section className="page" aria-labelledby="pd-title">
      <div className="page-header">
        <h1 id="pd-title">Perangkat Daerah</h1>
        <p className="muted">Dinas, badan, dan unit kerja pemerintah daerah beserta sub unitnya.</p>
      </div>
      <div className="toolbar">
        <SearchBox label="Cari perangkat daerah" placeholder="Kode, nama, atau singkatan" value={search} onChange={setSearch} />
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.results.length === 0 ? (
        <EmptyState>Tidak ada perangkat daerah yang cocok.</EmptyState>
      ) : (
        <>
          <PerangkatDaerahTable rows={list.data.results} historyPath={historyPath} />
          <Pagination
            page={page}
            pageSize={PERANGKAT_DAERAH_PAGE_SIZE}
            count={list.data.count}
            onPageChange={goToPage}
          />
        </>
      )}
    </section>
  );
}
