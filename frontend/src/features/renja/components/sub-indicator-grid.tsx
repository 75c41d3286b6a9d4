import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { $api } from '@/api/client';
import { EditableGrid, type GridColumn } from '@/components/ui/editable-grid';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { errorMessage } from '@/lib/error-message';
import { formatDecimal, parseDecimalInput } from '@/lib/format';
import {
  useIndikatorDelete,
  useIndikatorSave,
  useInvalidateRenja,
  useSubKegiatanIndikator,
  type Indikator,
  type IndikatorBody,
  type RenjaSubKegiatan,
} from '../api/renja';

type Row = { id: string; version: string; nama: string; jenis: string; satuan: string; target: string };

const JENIS = [
  { value: 'keluaran', label: 'Keluaran' },
  { value: 'hasil', label: 'Hasil' },
  { value: 'capaian', label: 'Capaian' },
  { value: '', label: '–' },
] as const;

const CELL_FIELDS = new Set(['nama', 'jenis', 'satuan']);

function toRow(indikator: Indikator, tahun: number): Row {
  const target = indikator.targets?.find((t) => t.tahun === tahun)?.target;
  return {
    id: String(indikator.id),
    version: String(indikator.version ?? ''),
    nama: indikator.nama,
    jenis: indikator.jenis ?? '',
    satuan: indikator.satuan,
    target: target === undefined || target === null ? '' : formatDecimal(target),
  };
}

type Props = { sub: RenjaSubKegiatan; tahun: number; editable: boolean };

/** The sub kegiatan's indicators with the year's target; a new row starts from the nomenclature's own indicator. */
export function SubIndicatorGrid(props: Props) {
  const list = useSubKegiatanIndikator(props.sub.id);
  const node = $api.useQuery('get', '/api/nomenklatur/{id}/', { params: { path: { id: props.sub.nomenklatur } } });
  if (list.isPending) return <Loading label="Memuat indikator…" />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  const blank: Row = {
    id: '',
    version: '',
    nama: node.data?.indikator ?? '',
    jenis: 'keluaran',
    satuan: node.data?.satuan ?? '',
    target: '',
  };
  return <Grid key={list.dataUpdatedAt} {...props} indicators={list.data.results} blank={blank} />;
}

function Grid({ sub, tahun, editable, indicators, blank }: Props & { indicators: Indikator[]; blank: Row }) {
  const save = useIndikatorSave();
  const remove = useIndikatorDelete();
  const invalidate = useInvalidateRenja();
  const original = useMemo(() => indicators.map((i) => toRow(i, tahun)), [indicators, tahun]);
  const [rows, setRows] = useState<Row[]>(original);
  const [errors, setErrors] = useState<Record<number, Record<string, string>>>({});
  const [messages, setMessages] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const columns: GridColumn[] = [
    { key: 'nama', label: 'Indikator', width: '16rem' },
    { key: 'jenis', label: 'Jenis', kind: 'select', options: JENIS },
    { key: 'satuan', label: 'Satuan', width: '6rem' },
    { key: 'target', label: `Target ${tahun}`, kind: 'number' },
  ];
  const same = (row: Row, index: number) => JSON.stringify(row) === JSON.stringify(original[index]);
  const changed = rows.filter((row, index) => !same(row, index)).length;

  async function saveAll() {
    setSaving(true);
    const nextErrors: Record<number, Record<string, string>> = {};
    const nextMessages: string[] = [];
    let saved = 0;
    for (const [index, row] of rows.entries()) {
      if (same(row, index)) continue;
      const target = parseDecimalInput(row.target);
      if (target === undefined) {
        nextErrors[index] = { target: 'Bukan angka: tulis misalnya 1.234,5.' };
        continue;
      }
      const body: IndikatorBody = {
        renja_sub_kegiatan: sub.id,
        nama: row.nama.trim(),
        satuan: row.satuan.trim(),
        jenis: row.jenis as IndikatorBody['jenis'],
        targets: target === null ? [] : [{ tahun, target }],
        ...(row.version ? { version: Number(row.version) } : {}),
      };
      try {
        await save.mutateAsync({ id: row.id ? Number(row.id) : undefined, body });
        saved += 1;
      } catch (error) {
        const fields = fieldErrors(error);
        if (Object.keys(fields).length === 0) {
          nextMessages.push(`${row.nama || `baris ${index + 1}`}: ${errorMessage(error)}`);
          continue;
        }
        const cells: Record<string, string> = {};
        for (const [field, message] of Object.entries(fields)) {
          const key = CELL_FIELDS.has(field) ? field : field === 'targets' ? 'target' : 'nama';
          cells[key] = cells[key] ? `${cells[key]} ${message}` : message;
        }
        nextErrors[index] = cells;
      }
    }
    setSaving(false);
    setErrors(nextErrors);
    setMessages(nextMessages);
    if (saved) {
      notifications.show({ color: 'teal', message: `${saved} indikator disimpan.` });
      if (!Object.keys(nextErrors).length && !nextMessages.length) await invalidate();
    }
  }

  return (
    <section aria-label={`Indikator sub kegiatan ${sub.kode}`}>
      {rows.length === 0 && <EmptyState>Belum ada indikator keluaran.</EmptyState>}
      {rows.length > 0 && (
        <EditableGrid
          caption={`Indikator ${sub.kode}`}
          columns={columns}
          rows={rows}
          rowLabel={(row, index) => row.nama || `indikator baru ${index + 1}`}
          onChange={setRows}
          newRow={editable ? () => ({ ...blank, nama: '', satuan: '' }) : undefined}
          errors={errors}
          readOnly={!editable}
          rowActions={
            editable
              ? (row, index) => (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    aria-label={`Hapus indikator ${row.nama || index + 1}`}
                    onClick={() => {
                      if (!row.id) setRows(rows.filter((_, i) => i !== index));
                      else remove.mutate(Number(row.id), { onSuccess: () => void invalidate() });
                    }}
                  >
                    Hapus
                  </Button>
                )
              : undefined
          }
        />
      )}
      {remove.isError && <ErrorAlert error={remove.error} />}
      {messages.map((message) => (
        <div key={message} className="alert alert-error" role="alert">
          {message}
        </div>
      ))}
      {editable && (
        <div className="doc-bar no-print">
          <Button variant="default" onClick={() => setRows([...rows, { ...blank }])}>
            Tambah indikator
          </Button>
          <Button onClick={() => void saveAll()} loading={saving} disabled={changed === 0}>
            Simpan indikator
          </Button>
        </div>
      )}
    </section>
  );
}
