import { ImportPanel as SharedImportPanel } from '@/components/ui/import-panel';
import { formatNumber, formatRupiah } from '@/lib/format';
import { importRealisasi, useInvalidateAfterImport, type ImportResult } from '../api/realisasi';

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
  const invalidate = useInvalidateAfterImport();
  return (
    <SharedImportPanel<ImportResult>
      title="Impor realisasi"
      description={
        <p>
          Berkas .xlsx atau .csv ekspor SIPD dengan kolom tanggal, nomor SP2D/SPJ, jenis dokumen, kode sub kegiatan, kode
          rekening, (kode sumber dana,) nilai dan keterangan. Satu baris salah membuat seluruh berkas ditolak.
        </p>
      }
      fileLabel="Berkas realisasi"
      submit={(file) => importRealisasi(file, anggaran)}
      onFinished={invalidate}
      renderResult={(result) => <Done result={result} />}
    />
  );
}
