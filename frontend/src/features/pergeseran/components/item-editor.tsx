import { Button } from '@mantine/core';
import { useState } from 'react';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { SearchBox } from '@/components/ui/search-box';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { formatDecimal, formatRupiah, parseDecimalInput } from '@/lib/format';
import type { Schemas } from '@/api/client';
import { useAkunSearch, useLineSearch, useOpdLines, useSumberDana, type Item, type Line } from '../api/pergeseran';

type ItemInput = Schemas['PergeseranItemRequest'];

/** An item as edited: what is sent, the amounts the server computed at the last save, and the line it changes. */
export type Draft = ItemInput &
  Partial<Pick<Item, 'jumlah_sebelum' | 'jumlah_sesudah' | 'selisih'>> & {
    line?: Pick<Line, 'komponen' | 'sub_kegiatan_kode' | 'akun_kode' | 'koefisien' | 'satuan_1'>;
  };

export function draftOf(item: Draft, lines: ReadonlyMap<number, Line>): Draft {
  const line = item.budget_line ? lines.get(item.budget_line) : undefined;
  return line ? { ...item, line } : item;
}

const INPUT_FIELDS = [
  'budget_line', 'volume_1', 'harga_satuan', 'perangkat_daerah', 'sub_kegiatan', 'akun', 'sumber_dana',
  'standar_harga', 'kelompok', 'keterangan', 'komponen', 'satuan_1', 'volume_2', 'satuan_2', 'volume_3',
  'satuan_3', 'volume_4', 'satuan_4', 'ppn',
] as const satisfies readonly (keyof ItemInput)[];

/** What is sent: the fields the API takes (no names, no computed amounts). */
export function payload(draft: Draft): ItemInput {
  return Object.fromEntries(INPUT_FIELDS.filter((field) => field in draft).map((field) => [field, draft[field]])) as ItemInput;
}

function DecimalCell({ label, value, onChange, disabled }: { label: string; value: string | null | undefined; onChange: (value: string | null) => void; disabled: boolean }) {
  const [text, setText] = useState(value ? formatDecimal(value) : '');
  const parsed = parseDecimalInput(text);
  return (
    <input
      aria-label={label}
      className="cell-input num"
      value={text}
      disabled={disabled}
      aria-invalid={parsed === undefined}
      onChange={(event) => {
        setText(event.target.value);
        const next = parseDecimalInput(event.target.value);
        if (next !== undefined) onChange(next);
      }}
    />
  );
}

type ItemsProps = {
  items: readonly Draft[];
  errors: readonly Record<string, string>[];
  editable: boolean;
  onChange: (items: Draft[]) => void;
};

/** The changes of a shift: each line's new volume and price, the server's before, after and difference. */
export function ItemsTable({ items, errors, editable, onChange }: ItemsProps) {
  const update = (index: number, changes: Partial<Draft>) =>
    onChange(items.map((item, i) => (i === index ? { ...item, ...changes } : item)));
  return (
    <ScrollRegion label="Rincian yang digeser">
      <table className="table table-compact report-table">
        <caption className="visually-hidden">Rincian yang digeser</caption>
        <thead>
          <tr>
            <th scope="col">Rincian</th>
            <th scope="col" className="num">
              Volume baru
            </th>
            <th scope="col" className="num">
              Harga satuan baru
            </th>
            <th scope="col" className="num">
              Sebelum
            </th>
            <th scope="col" className="num">
              Sesudah
            </th>
            <th scope="col" className="num">
              Bertambah (berkurang)
            </th>
            {editable && <th scope="col">Aksi</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((item, index) => {
            const name = item.line?.komponen ?? item.komponen ?? `Rincian #${item.budget_line ?? index + 1}`;
            const error = errors[index] ?? {};
            return (
              <tr key={`${item.budget_line ?? 'baru'}-${index}`} className={Object.keys(error).length ? 'row-error' : undefined}>
                <th scope="row">
                  {item.budget_line ? name : <span>{name} <span className="badge badge-info">baru</span></span>}
                  <div className="muted">
                    <span className="code">{item.line?.sub_kegiatan_kode}</span> <span className="code">{item.line?.akun_kode}</span>{' '}
                    {item.line?.koefisien}
                  </div>
                  {Object.entries(error).map(([field, message]) => (
                    <div key={field} className="field-error" role="alert">
                      {message}
                    </div>
                  ))}
                </th>
                <td className="num">
                  <DecimalCell label={`Volume baru, ${name}`} value={item.volume_1} disabled={!editable} onChange={(volume_1) => update(index, { volume_1 })} />
                  {item.line?.satuan_1 && <div className="muted">{item.line.satuan_1}</div>}
                </td>
                <td className="num">
                  <DecimalCell
                    label={`Harga satuan baru, ${name}`}
                    value={item.harga_satuan}
                    disabled={!editable}
                    onChange={(harga_satuan) => update(index, { harga_satuan })}
                  />
                </td>
                <td className="num">{formatRupiah(item.jumlah_sebelum)}</td>
                <td className="num">{formatRupiah(item.jumlah_sesudah)}</td>
                <td className={Number(item.selisih ?? 0) < 0 ? 'num text-warn' : 'num'}>{formatRupiah(item.selisih)}</td>
                {editable && (
                  <td>
                    <Button size="xs" variant="subtle" color="red" onClick={() => onChange(items.filter((_, i) => i !== index))} aria-label={`Hapus ${name}`}>
                      Hapus
                    </Button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** Pick an existing line of the stage by its komponen: it joins the shift with its present volume and price. */
export function LinePicker({ anggaran, opd, onPick }: { anggaran: number; opd?: number; onPick: (line: Line) => void }) {
  const [q, setQ] = useState('');
  const debounced = useDebouncedValue(q, 250);
  const search = useLineSearch(anggaran, debounced, opd);
  const rows = debounced.trim().length >= 2 ? (search.data?.results ?? []) : [];
  return (
    <div className="picker">
      <SearchBox label="Cari rincian (komponen)" value={q} onChange={setQ} placeholder="mis. bensin, honorarium" />
      {rows.length > 0 && (
        <ul className="picker-results" aria-label="Rincian yang cocok">
          {rows.map((line) => (
            <li key={line.id}>
              <button type="button" className="picker-option" onClick={() => onPick(line)}>
                <strong>{line.komponen}</strong> <span className="code">{line.sub_kegiatan_kode}</span>{' '}
                <span className="code">{line.akun_kode}</span> · {line.koefisien} · {formatRupiah(line.jumlah)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {debounced.trim().length >= 2 && search.data && rows.length === 0 && <p className="muted">Tidak ada rincian yang cocok.</p>}
    </div>
  );
}

/** A line the shift adds: under a sub kegiatan the OPD budgets, with its akun, sumber dana, komponen and price. */
export function NewLineForm({ anggaran, opd, tahun, onAdd }: { anggaran: number; opd: number; tahun: number; onAdd: (item: Draft) => void }) {
  const lines = useOpdLines(anggaran, opd);
  const sumberDana = useSumberDana();
  const [akunQ, setAkunQ] = useState('');
  const akun = useAkunSearch(useDebouncedValue(akunQ, 250), tahun);
  const [form, setForm] = useState({ sub_kegiatan: '', akun: '', sumber_dana: '', komponen: '', volume_1: '', satuan_1: '', harga_satuan: '' });
  const subKegiatan = [...new Map((lines.data?.results ?? []).filter((l) => l.sub_kegiatan).map((l) => [l.sub_kegiatan, l.sub_kegiatan_kode])).entries()];
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });
  const volume = parseDecimalInput(form.volume_1);
  const harga = parseDecimalInput(form.harga_satuan);
  const ready = form.sub_kegiatan && form.akun && form.sumber_dana && form.komponen && volume && harga !== undefined;
  return (
    <fieldset className="new-line">
      <legend>Rincian baru</legend>
      <label className="field">
        <span>Sub kegiatan</span>
        <select value={form.sub_kegiatan} onChange={set('sub_kegiatan')}>
          <option value="">Pilih…</option>
          {subKegiatan.map(([id, kode]) => (
            <option key={id} value={id ?? ''}>
              {kode}
            </option>
          ))}
        </select>
      </label>
      <SearchBox label="Cari akun" value={akunQ} onChange={setAkunQ} placeholder="kode atau nama akun" />
      <label className="field">
        <span>Akun</span>
        <select value={form.akun} onChange={set('akun')}>
          <option value="">Pilih…</option>
          {(akun.data?.results ?? []).map((row) => (
            <option key={row.id} value={row.id}>
              {row.kode} {row.nama}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Sumber dana</span>
        <select value={form.sumber_dana} onChange={set('sumber_dana')}>
          <option value="">Pilih…</option>
          {(sumberDana.data?.results ?? []).map((row) => (
            <option key={row.id} value={row.id}>
              {row.kode} {row.nama}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Komponen</span>
        <input value={form.komponen} onChange={set('komponen')} />
      </label>
      <label className="field">
        <span>Volume</span>
        <input value={form.volume_1} onChange={set('volume_1')} inputMode="decimal" />
      </label>
      <label className="field">
        <span>Satuan</span>
        <input value={form.satuan_1} onChange={set('satuan_1')} />
      </label>
      <label className="field">
        <span>Harga satuan</span>
        <input value={form.harga_satuan} onChange={set('harga_satuan')} inputMode="decimal" />
      </label>
      <Button
        disabled={!ready}
        onClick={() =>
          onAdd({
            budget_line: null,
            perangkat_daerah: opd,
            sub_kegiatan: Number(form.sub_kegiatan),
            akun: Number(form.akun),
            sumber_dana: Number(form.sumber_dana),
            komponen: form.komponen,
            volume_1: volume ?? null,
            satuan_1: form.satuan_1,
            harga_satuan: harga ?? null,
          })
        }
      >
        Tambahkan rincian baru
      </Button>
    </fieldset>
  );
}
