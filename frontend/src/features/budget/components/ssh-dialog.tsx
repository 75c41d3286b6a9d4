import { Button, Modal } from '@mantine/core';
import { useId, useState } from 'react';
import { $api } from '@/api/client';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { formatRupiah, parseDecimalInput } from '@/lib/format';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useAkunNames, useStandarHargaSearch, type StandarHarga } from '../api/budget';

export type PickedItem = {
  item: StandarHarga;
  akun: { id: number; kode: string; nama: string };
  volume: string;
};

type Props = {
  opened: boolean;
  onClose: () => void;
  tahun: number;
  onPick: (picked: PickedItem) => void;
};

/**
 * Search the pemda's SSH / SBU / HSPK / ASB for the year, pick an item, one of the akun it allows and a volume: the
 * new line takes the item's uraian, satuan and harga (a ceiling: the server refuses a higher price).
 */
export function SshDialog({ opened, onClose, tahun, onPick }: Props) {
  const [q, setQ] = useState('');
  const [item, setItem] = useState<StandarHarga | null>(null);
  const debounced = useDebouncedValue(q, 300);
  const search = useStandarHargaSearch(tahun, debounced);
  const searchId = useId();

  function close() {
    setItem(null);
    setQ('');
    onClose();
  }

  return (
    <Modal opened={opened} onClose={close} title="Cari standar harga (SSH / SBU / HSPK / ASB)" size="xl">
      {item ? (
        <ItemForm
          item={item}
          tahun={tahun}
          onBack={() => setItem(null)}
          onPick={(picked) => {
            onPick(picked);
            close();
          }}
        />
      ) : (
        <div className="ssh-search">
          <label htmlFor={searchId}>Uraian, spesifikasi atau kode kelompok</label>
          <input
            id={searchId}
            type="search"
            value={q}
            autoComplete="off"
            data-autofocus
            onChange={(event) => setQ(event.target.value)}
            placeholder="mis. kertas, honorarium, perjalanan"
          />
          {debounced.trim().length < 2 && <p className="muted">Ketik sedikitnya dua huruf.</p>}
          {search.isFetching && <Loading label="Mencari…" />}
          {search.isError && <ErrorAlert error={search.error} />}
          {search.data && search.data.results.length === 0 && <EmptyState>Tidak ada item yang cocok.</EmptyState>}
          {search.data && search.data.results.length > 0 && (
            <ul className="ssh-results" aria-label="Hasil pencarian standar harga">
              {search.data.results.map((row) => (
                <li key={row.id}>
                  <button type="button" className="ssh-result" onClick={() => setItem(row)}>
                    <span className="badge badge-info">{row.jenis}</span> <strong>{row.uraian}</strong>
                    {row.spesifikasi && <span className="muted"> · {row.spesifikasi}</span>}
                    <span className="ssh-price">
                      {formatRupiah(row.harga)} / {row.satuan}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Modal>
  );
}

function ItemForm({
  item,
  tahun,
  onBack,
  onPick,
}: {
  item: StandarHarga;
  tahun: number;
  onBack: () => void;
  onPick: (picked: PickedItem) => void;
}) {
  const allowed = item.akun ?? [];
  const names = useAkunNames(allowed);
  const [akunQuery, setAkunQuery] = useState('');
  const debouncedAkun = useDebouncedValue(akunQuery, 300);
  // An item that names no akun may be budgeted on any belanja akun: search them.
  const anyAkun = $api.useQuery(
    'get',
    '/api/akun/',
    { params: { query: { tahun, level: 6, kode_prefix: '5', q: debouncedAkun, page_size: 30 } } },
    { enabled: allowed.length === 0 && debouncedAkun.trim().length >= 2 },
  );
  const options =
    allowed.length > 0
      ? allowed.map((id) => ({ id, kode: names.get(id)?.kode ?? `#${id}`, nama: names.get(id)?.nama ?? '' }))
      : (anyAkun.data?.results ?? []).map((row) => ({ id: row.id, kode: row.kode, nama: row.nama }));
  const [akun, setAkun] = useState('');
  const [volume, setVolume] = useState('1');
  const chosen = options.find((o) => String(o.id) === akun) ?? (options.length === 1 ? options[0] : undefined);
  const volumeValue = parseDecimalInput(volume);
  const ids = { akun: useId(), volume: useId(), akunSearch: useId() };

  return (
    <form
      className="ssh-item"
      onSubmit={(event) => {
        event.preventDefault();
        if (chosen && volumeValue) onPick({ item, akun: chosen, volume });
      }}
    >
      <p>
        <span className="badge badge-info">{item.jenis}</span> <strong>{item.uraian}</strong>{' '}
        {item.spesifikasi && <span className="muted">· {item.spesifikasi}</span>}
        <br />
        {formatRupiah(item.harga)} / {item.satuan}
        {item.is_ceiling && <span className="muted"> (batas tertinggi)</span>}
      </p>
      {allowed.length === 0 && (
        <div className="field">
          <label htmlFor={ids.akunSearch}>Cari akun belanja</label>
          <input
            id={ids.akunSearch}
            type="search"
            value={akunQuery}
            autoComplete="off"
            onChange={(event) => setAkunQuery(event.target.value)}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.akun}>{allowed.length > 0 ? 'Akun yang diizinkan' : 'Akun'}</label>
        <select id={ids.akun} value={chosen ? String(chosen.id) : akun} onChange={(event) => setAkun(event.target.value)}>
          <option value="">— pilih akun —</option>
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.kode} {option.nama}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.volume}>Volume ({item.satuan})</label>
        <input
          id={ids.volume}
          type="text"
          inputMode="decimal"
          value={volume}
          aria-invalid={volumeValue === undefined ? true : undefined}
          onChange={(event) => setVolume(event.target.value)}
        />
      </div>
      <div className="doc-bar">
        <Button variant="default" onClick={onBack}>
          Kembali ke pencarian
        </Button>
        <Button type="submit" disabled={!chosen || !volumeValue}>
          Tambahkan ke rincian
        </Button>
      </div>
    </form>
  );
}
