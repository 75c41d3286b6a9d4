import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { formatNumber } from '@/lib/format';
import { SEARCH_PAGE_SIZE, useReferenceSearch } from '../api/get-reference-nodes';
import { levelLabel, type KindInfo } from '../kinds';
import { PerformanceDetails } from './performance-details';

/** A flat list of the nodes matching `q` (code prefix or name). */
export function SearchResults({ info, version, q }: { info: KindInfo; version: number; q: string }) {
  const search = useReferenceSearch(info.kind, version, q);
  if (search.isPending) return <Loading label="Mencari…" />;
  if (search.isError) return <ErrorAlert error={search.error} onRetry={() => void search.refetch()} />;
  const { count, results } = search.data;
  if (count === 0) return <EmptyState>Tidak ada hasil untuk “{q}”.</EmptyState>;

  return (
    <>
      <p className="muted" role="status">
        {formatNumber(count)} hasil
        {count > results.length && ` — menampilkan ${formatNumber(SEARCH_PAGE_SIZE)} pertama; persempit pencarian`}
      </p>
      <table className="table" aria-label={`Hasil pencarian ${info.label}`}>
        <thead>
          <tr>
            <th scope="col">Kode</th>
            <th scope="col">Nama</th>
            <th scope="col">Tingkat</th>
          </tr>
        </thead>
        <tbody>
          {results.map((node) => (
            <tr key={node.id}>
              <td className="code">{node.kode}</td>
              <td>
                {node.nama}
                <PerformanceDetails node={node} />
              </td>
              <td className="nowrap">{levelLabel(info, node.level)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
