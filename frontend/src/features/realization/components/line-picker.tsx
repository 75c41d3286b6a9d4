import { useState } from 'react';
import { SearchBox } from '@/components/ui/search-box';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { formatRupiah } from '@/lib/format';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useLineSearch, type LineSummary } from '../api/realisasi';

type LinePickerProps = {
  anggaran: number;
  bulan: number;
  /** a TAPD user's chosen OPD; an OPD user's lines are scoped by the server */
  opd: number | undefined;
  onPick: (line: LineSummary) => void;
  error?: string;
};

/** Searches the stage's lines by komponen, sub kegiatan or akun (code or name) and offers the matches. */
export function LinePicker({ anggaran, bulan, opd, onPick, error }: LinePickerProps) {
  const [text, setText] = useState('');
  // once a line is chosen the matches fold away, until the search changes
  const [open, setOpen] = useState(true);
  const q = useDebouncedValue(text.trim());
  const search = useLineSearch(anggaran, q, bulan, opd);
  const rows = search.data?.results ?? [];
  return (
    <div className="line-picker">
      <SearchBox
        label="Cari rincian DPA"
        placeholder="Komponen, kode / nama sub kegiatan atau akun"
        value={text}
        onChange={(value) => {
          setText(value);
          setOpen(true);
        }}
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {!open ? null : q.length < 2 ? (
        <p className="muted">Ketik sedikitnya dua huruf atau angka.</p>
      ) : search.isPending ? (
        <Loading label="Mencari rincian…" />
      ) : search.isError ? (
        <ErrorAlert error={search.error} onRetry={() => void search.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>Tidak ada rincian yang cocok.</EmptyState>
      ) : (
        <ul className="line-results" aria-label="Rincian yang cocok">
          {rows.map((line) => (
            <li key={line.id}>
              <button type="button" className="line-option" onClick={() => {
                  setOpen(false);
                  onPick(line);
                }}
              >
                <span className="code">
                  {line.sub_kegiatan_kode} · {line.akun_kode}
                </span>
                <span>{line.komponen}</span>
                <span className="muted">
                  {line.akun_nama} · pagu {formatRupiah(line.pagu)} · sisa {formatRupiah(line.sisa)}
                </span>
              </button>
            </li>
          ))}
          {(search.data?.count ?? 0) > rows.length && (
            <li className="muted">Tampil {rows.length} dari {search.data?.count}; persempit pencarian.</li>
          )}
        </ul>
      )}
    </div>
  );
}
