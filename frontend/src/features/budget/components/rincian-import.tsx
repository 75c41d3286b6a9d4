import { useState } from 'react';
import { ImportPanel, ImportWarnings } from '@/components/ui/import-panel';
import { formatNumber, formatRupiah } from '@/lib/format';
import { importRincian, useInvalidateLines, type RincianImportMode, type RincianImportResult } from '../api/budget';

const MODES: { value: RincianImportMode; label: string }[] = [
  { value: 'replace', label: 'Ganti rincian sub kegiatan ini' },
  { value: 'append', label: 'Tambahkan ke rincian yang ada' },
];

/** What the import did, in words: how many lines, in which mode, their total, and what is worth a look. */
export function RincianImportDone({ result }: { result: RincianImportResult }) {
  return (
    <div className="alert alert-ok" role="status">
      <p>
        {formatNumber(result.created)} rincian diimpor, jumlah {formatRupiah(result.total)}
        {result.mode === 'replace'
          ? ` (mode ganti: ${formatNumber(result.removed)} rincian lama dihapus)`
          : ' (ditambahkan ke rincian yang ada)'}
        {result.linked > 0 ? `; ${formatNumber(result.linked)} tertaut ke standar harga` : ''}
        {result.flagged > 0 ? `; ${formatNumber(result.flagged)} ditandai (plafon / di luar Renja)` : ''}.
      </p>
      <ImportWarnings warnings={result.warnings} />
    </div>
  );
}

type Props = { anggaran: number; opd: number; subKegiatan: { kode: string; nomenklatur: number } };

/** Upload the rincian belanja sheet of the open sub kegiatan (RKA / DPA as pemda keep it). */
export function RincianImport({ anggaran, opd, subKegiatan }: Props) {
  const [mode, setMode] = useState<RincianImportMode>('replace');
  const invalidate = useInvalidateLines();
  return (
    <ImportPanel<RincianImportResult>
      title="Impor rincian"
      description={
        <p>
          Lembar rincian belanja sub kegiatan {subKegiatan.kode} (.xlsx atau .csv) dengan kolom KODE AKUN, URAIAN, JENIS
          KELOMPOK, KELOMPOK, JENIS KOMPONEN, NAMA KOMPONEN, HARGA SAT. KOMPONEN, SATUAN KOMPONEN, SATUAN, VOLUME, JUMLAH,
          KODE SUMBER DANA, KETERANGAN. Baris akun dan kelompok menjadi judul; JUMLAH boleh kosong (dihitung), bila diisi
          harus sama dengan volume × harga. Satu baris salah membuat seluruh berkas ditolak.
        </p>
      }
      fileLabel="Berkas rincian"
      submit={(file) => importRincian(file, { anggaran, opd, subKegiatan: subKegiatan.nomenklatur, mode })}
      onFinished={invalidate}
      renderResult={(result) => <RincianImportDone result={result} />}
    >
      <fieldset className="field import-mode">
        <legend>Cara impor</legend>
        {MODES.map((option) => (
          <label key={option.value} className="import-mode-option">
            <input
              type="radio"
              name="rincian-import-mode"
              value={option.value}
              checked={mode === option.value}
              onChange={() => setMode(option.value)}
            />{' '}
            {option.label}
          </label>
        ))}
      </fieldset>
    </ImportPanel>
  );
}
