import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { EditableGrid } from '@/components/ui/editable-grid';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { errorMessage } from '@/lib/error-message';
import {
  useIndikatorDelete,
  useIndikatorList,
  useIndikatorSave,
  useInvalidateIndikator,
  type Indikator,
  type IndikatorOwner,
} from '../api/rpjmd';
import { blankRow, errorsToCells, indicatorColumns, toBody, toRow, type IndicatorRow } from '../indicator-rows';

type IndicatorEditorProps = {
  owner: IndikatorOwner;
  ownerLabel: string;
  years: readonly number[];
  editable: boolean;
};

/**
 * The indicators of one tujuan, sasaran or program in a grid: satuan, polarity, IKU, baseline, a target per year of
 * the period and the final target. Rows are saved one by one; a refused row keeps its values and shows the reason.
 */
export function IndicatorEditor(props: IndicatorEditorProps) {
  const list = useIndikatorList(props.owner);
  if (list.isPending) return <Loading label="Memuat indikator…" />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  // A fresh read (after a save) starts the grid again from the server's rows.
  return <IndicatorGrid key={list.dataUpdatedAt} {...props} indicators={list.data.results} />;
}

function IndicatorGrid({
  owner,
  ownerLabel,
  years,
  editable,
  indicators,
}: IndicatorEditorProps & { indicators: Indikator[] }) {
  const save = useIndikatorSave();
  const remove = useIndikatorDelete();
  const invalidate = useInvalidateIndikator();
  const original = useMemo(() => indicators.map((i) => toRow(i, years)), [indicators, years]);
  const [rows, setRows] = useState<IndicatorRow[]>(original);
  const [errors, setErrors] = useState<Record<number, Record<string, string>>>({});
  const [rowMessages, setRowMessages] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const columns = useMemo(() => indicatorColumns(years), [years]);
  const changed = rows.filter((row, index) => JSON.stringify(row) !== JSON.stringify(original[index]));

  async function saveAll() {
    setSaving(true);
    const nextErrors: Record<number, Record<string, string>> = {};
    const messages: string[] = [];
    let saved = 0;
    for (const [index, row] of rows.entries()) {
      if (JSON.stringify(row) === JSON.stringify(original[index])) continue;
      const label = row.nama || `baris ${index + 1}`;
      const prepared = toBody(row, owner, years);
      if ('errors' in prepared) {
        nextErrors[index] = prepared.errors;
        continue;
      }
      try {
        await save.mutateAsync({ id: row.id ? Number(row.id) : undefined, body: prepared.body });
        saved += 1;
      } catch (error) {
        const fields = fieldErrors(error);
        if (Object.keys(fields).length) nextErrors[index] = errorsToCells(fields, years);
        else messages.push(`${label}: ${errorMessage(error)}`);
      }
    }
    setSaving(false);
    setErrors(nextErrors);
    setRowMessages(messages);
    if (saved) {
      notifications.show({ color: 'teal', message: `${saved} indikator disimpan.` });
      if (!Object.keys(nextErrors).length && !messages.length) await invalidate();
    }
  }

  return (
    <section aria-label={`Indikator ${ownerLabel}`}>
      {rows.length === 0 && <EmptyState>Belum ada indikator.</EmptyState>}
      {rows.length > 0 && (
        <EditableGrid
          caption={`Indikator ${ownerLabel}`}
          columns={columns}
          rows={rows}
          rowLabel={(row, index) => row.nama || `indikator baru ${index + 1}`}
          onChange={setRows}
          newRow={editable ? () => blankRow(years) : undefined}
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
                      if (!row.id) {
                        setRows(rows.filter((_, i) => i !== index));
                        return;
                      }
                      remove.mutate(Number(row.id), { onSuccess: () => void invalidate() });
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
      {rowMessages.map((message) => (
        <div key={message} className="alert alert-error" role="alert">
          {message}
        </div>
      ))}
      {editable && (
        <div className="doc-bar no-print">
          <Button variant="default" onClick={() => setRows([...rows, blankRow(years)])}>
            Tambah indikator
          </Button>
          <Button onClick={() => void saveAll()} loading={saving} disabled={changed.length === 0}>
            Simpan indikator
          </Button>
          <span className="muted">Tempel blok dari Excel pada sel mana pun; panah dan Enter berpindah sel.</span>
        </div>
      )}
    </section>
  );
}
