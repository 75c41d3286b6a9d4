import { Link } from 'react-router';
import { ErrorAlert } from '@/components/ui/status';
import { formatNumber } from '@/lib/format';
import { usePerangkatDaerahCount, useReferenceVersionList } from '../api/get-summary';

const KIND_LABELS: Record<string, string> = {
  nomenklatur: 'Nomenklatur',
  akun: 'Akun',
  sumber_dana: 'Sumber Dana',
};

function StatCard({ label, value, to }: { label: string; value: number | undefined; to: string }) {
  return (
    <Link to={to} className="stat-card">
      <span className="stat-label">{label}</span>
      <span className="stat-value num">{value === undefined ? '…' : formatNumber(value)}</span>
    </Link>
  );
}

/** Counts of the base data, for those who maintain it. */
export function BaseData() {
  const opd = usePerangkatDaerahCount();
  const versions = useReferenceVersionList();

  return (
    <section aria-labelledby="base-data-title">
      <h2 id="base-data-title">Data dasar</h2>
      {opd.isError && <ErrorAlert error={opd.error} />}
      {versions.isError && <ErrorAlert error={versions.error} />}
      <div className="stats">
        <StatCard label="Perangkat Daerah" value={opd.data?.count} to="/perangkat-daerah" />
        <StatCard label="Versi referensi" value={versions.data?.count} to="/referensi" />
      </div>
      {versions.data && versions.data.results.length > 0 && (
        <>
          <h3>Versi referensi</h3>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Jenis</th>
                <th scope="col">Dasar hukum</th>
                <th scope="col" className="num">
                  Berlaku
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.data.results.map((version) => (
                <tr key={version.id}>
                  <td>{KIND_LABELS[version.kind] ?? version.kind}</td>
                  <td>{version.legal_basis}</td>
                  <td className="num">
                    {version.tahun_mulai}–{version.tahun_selesai}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
