import { Link } from 'react-router';
import { REPORTS } from '../registry';

/** Laporan: every report with what it shows and who reads it. */
export function ReportsIndexPage() {
  return (
    <section className="page" aria-labelledby="reports-title">
      <div className="page-header">
        <h1 id="reports-title">Laporan</h1>
        <p className="muted">Setiap laporan dapat disaring, dirinci sampai akun, dan diunduh sebagai Excel atau CSV.</p>
      </div>
      <ul className="report-list">
        {REPORTS.map((report) => (
          <li key={report.key} className="panel">
            <h2>
              <Link to={`/laporan/${report.key}`}>{report.title}</Link>
            </h2>
            <p>{report.description}</p>
            <p className="muted">Untuk: {report.audience}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
