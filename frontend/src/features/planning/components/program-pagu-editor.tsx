import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { EditableGrid, type GridColumn } from '@/components/ui/editable-grid';
import { ErrorAlert } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { formatDecimal, parseDecimalInput } from '@/lib/format';
import { useProgramPaguUpdate, type ProgramRpjmd } from '../api/rpjmd';

type Row = Record<string, string>;

/** Pagu indikatif per year of the period for one program prioritas (key it by the program's version to reset). */
export function ProgramPaguEditor({
  program,
  years,
  editable,
}: {
  program: ProgramRpjmd;
  years: readonly number[];
  editable: boolean;
}) {
  const update = useProgramPaguUpdate();
  const original = useMemo<Row>(() => {
    const row: Row = {};
    for (const year of years) {
      const pagu = program.pagu_tahunan?.find((p) => p.tahun === year)?.pagu;
      row[`p${year}`] = pagu === undefined ? '' : formatDecimal(pagu);
    }
    return row;
  }, [program, years]);
  const [rows, setRows] = useState<Row[]>([original]);
  const [invalid, setInvalid] = useState<Record<string, string>>({});

  const columns: GridColumn[] = years.map((year) => ({ key: `p${year}`, label: `Pagu ${year} (Rp)`, kind: 'number' }));
  const serverErrors = fieldErrors(update.error);

  function submit() {
    const row = rows[0]!;
    const bad: Record<string, string> = {};
    const pagu_tahunan = years.flatMap((tahun) => {
      const parsed = parseDecimalInput(row[`p${tahun}`] ?? '');
      if (parsed === undefined) bad[`p${tahun}`] = 'Bukan angka.';
      return parsed ? [{ tahun, pagu: parsed }] : [];
    });
    setInvalid(bad);
    if (Object.keys(bad).length) return;
    update.mutate(
      { id: program.id, pagu_tahunan, version: program.version },
      { onSuccess: () => notifications.show({ color: 'teal', message: 'Pagu indikatif disimpan.' }) },
    );
  }

  return (
    <section aria-label="Pagu indikatif">
      <EditableGrid
        caption="Pagu indikatif per tahun"
        columns={columns}
        rows={rows}
        rowLabel={() => program.nama}
        onChange={setRows}
        readOnly={!editable}
        errors={{ 0: { ...invalid, ...(serverErrors.pagu_tahunan ? { [`p${years[0]}`]: serverErrors.pagu_tahunan } : {}) } }}
      />
      {update.isError && !serverErrors.pagu_tahunan && <ErrorAlert error={update.error} />}
      {editable && (
        <Button onClick={submit} loading={update.isPending} className="no-print">
          Simpan pagu
        </Button>
      )}
    </section>
  );
}
