import { ImportPanel, ImportWarnings } from '@/components/ui/import-panel';
import { formatNumber } from '@/lib/format';
import { importOpd, useInvalidateOpd, type OpdImportResult } from '../api/admin';

/** What the import did, in words. */
export function OpdImportDone({ result }: { result: OpdImportResult }) {
  return (
    <div className="alert alert-ok" role="status">
      <p>
        Daftar perangkat daerah diimpor: {formatNumber(result.opd)} OPD dan {formatNumber(result.sub_unit)} sub unit (
        {formatNumber(result.created)} baru, {formatNumber(result.updated)} diubah, {formatNumber(result.unchanged)}{' '}
        tetap).
      </p>
      <ImportWarnings warnings={result.warnings} />
    </div>
  );
}

/** Upload the OPD list as the pemda keeps it. */
export function OpdImport() {
  const invalidate = useInvalidateOpd();
  return (
    <ImportPanel<OpdImportResult>
      title="Impor daftar perangkat daerah"
      description={
        <p>
          Berkas .xlsx atau .csv dengan kolom KODE, ORGANISASI, KETERANGAN. Kode boleh tanpa nol di depan
          (1.2.0.0.0.0.1.0 dibaca 1.02.0.00.0.00.01.0000); kode yang tidak berakhiran .0000 adalah sub unit dari OPD
          dengan tujuh bagian kode yang sama. OPD yang sudah ada diperbarui namanya, tidak digandakan. Satu baris salah
          membuat seluruh berkas ditolak.
        </p>
      }
      fileLabel="Berkas daftar OPD"
      submit={importOpd}
      onFinished={invalidate}
      renderResult={(result) => <OpdImportDone result={result} />}
    />
  );
}
