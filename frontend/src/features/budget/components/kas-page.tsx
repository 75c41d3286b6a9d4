import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { Schemas } from '@/api/client';
import { EditableGrid, type GridColumn } from '@/components/ui/editable-grid';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { errorMessage } from '@/lib/error-message';
import { formatDecimal, formatRupiah, parseDecimalInput } from '@/lib/format';
import { differenceOf, sumAmounts } from '@/lib/money';
import { can } from '@/lib/permissions';
import {
  EXECUTION_TAHAP,
  useAnggaranKas,
  useBudgetLines,
  useInvalidateKas,
  useKasReport,
  useKasSave,
  useKasSpread,
  type AnggaranKas,
  type BudgetLine,
  type KasProfile,
  type Stage,
} from '../api/budget';
import { ScopePicker, stageLabel, useScope, type Scope } from './scope-picker';

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'] as const;
const MONTH_KEYS = MONTHS.map((_, index) => `m${index + 1}`);

const PROFILES: { value: KasProfile; label: string }[] = [
  { value: 'rutin', label: 'Bagi rata (rutin)' },
  { value: 'triwulan', label: 'Per triwulan' },
  { value: 'kontrak', label: 'Menumpuk di akhir tahun (kontrak)' },
];

type KasRow = Record<string, string> & { komponen: string; pagu: string; total: string };

/** "Rp …" of the exact sum of the row's months, or null when a month is not a number. */
function rowTotal(row: KasRow): string | null {
  const amounts = MONTH_KEYS.map((key) => parseDecimalInput(row[key] ?? '') ?? '0');
  if (amounts.some((a) => a === undefined)) return null;
  return sumAmounts(amounts as string[]);
}

/** "tidak seimbang (selisih Rp 100,00)": what the months still miss of the DPA amount (negative: too much). */
function unbalancedText(row: KasRow, line: BudgetLine): string {
  const total = rowTotal(row);
  const selisih = total === null ? null : differenceOf(line.jumlah, total);
  return selisih === null ? 'tidak seimbang' : `tidak seimbang (selisih ${formatRupiah(selisih)})`;
}

function toKasRow(line: BudgetLine, kas: AnggaranKas | undefined): KasRow {
  const row: KasRow = {
    komponen: `${line.akun_kode} · ${line.komponen}`,
    pagu: formatRupiah(line.jumlah),
    total: '',
  };
  MONTH_KEYS.forEach((key, index) => {
    row[key] = kas ? formatDecimal(kas.bulan[index]!) : '';
  });
  return row;
}

/** Anggaran kas (RAK) of a DPA / DPPA: twelve months per line against its DPA amount, spread by profile, saved. */
export function KasPage({ me }: { me: Schemas['Me'] | null | undefined }) {
  const scope = useScope(me, (stage) => EXECUTION_TAHAP.has(stage.tahap));
  return (
    <section className="page page-wide">
      <h1>Anggaran Kas</h1>
      <p className="muted">Rencana penarikan dana per bulan untuk setiap rincian DPA; jumlah 12 bulan harus sama dengan pagu rincian.</p>
      {scope.loading ? (
        <Loading />
      ) : scope.error ? (
        <ErrorAlert error={scope.error} />
      ) : scope.stages.length === 0 ? (
        <EmptyState>Belum ada DPA tahun {scope.tahun}.</EmptyState>
      ) : (
        <>
          <ScopePicker scope={scope} />
          {scope.stage && scope.opd !== undefined && <OpdTotals stage={scope.stage} opd={scope.opd} />}
          {scope.opd === undefined ? (
            <EmptyState>Pilih perangkat daerah.</EmptyState>
          ) : !scope.subKegiatan || !scope.stage ? (
            <EmptyState>Pilih sub kegiatan untuk mengisi anggaran kasnya.</EmptyState>
          ) : (
            <SubKegiatanKas
              key={`${scope.stage.id}-${scope.opd}-${scope.subKegiatan.kode}`}
              stage={scope.stage}
              opd={scope.opd}
              subKegiatan={scope.subKegiatan}
              canWrite={can(me, 'anggaran-kas', 'w')}
            />
          )}
        </>
      )}
    </section>
  );
}

/** The OPD's monthly totals as the anggaran kas report computes them. */
function OpdTotals({ stage, opd }: { stage: Stage; opd: number }) {
  const report = useKasReport(stage.id, opd);
  const href = `/api/reports/anggaran-kas/?${new URLSearchParams({ tahap: String(stage.id), perangkat_daerah: String(opd), format: 'xlsx' }).toString()}`;
  if (report.isPending) return <Loading label="Memuat total perangkat daerah…" />;
  if (report.isError) return <ErrorAlert error={report.error} />;
  const total = report.data.rows.find((row) => row.level === 'opd') ?? report.data.total;
  return (
    <div className="kas-totals">
      <ScrollRegion label="Total anggaran kas perangkat daerah per bulan">
        <table className="plafon-table">
          <caption>
            Total perangkat daerah · {stageLabel(stage)} ·{' '}
            <a href={href} download>
              Unduh anggaran kas (xlsx)
            </a>
          </caption>
          <thead>
            <tr>
              {MONTHS.map((month) => (
                <th key={month} scope="col">
                  {month}
                </th>
              ))}
              <th scope="col">Jumlah</th>
              <th scope="col">Pagu DPA</th>
            </tr>
          </thead>
          <tbody>
            <tr className={total.seimbang ? undefined : 'is-over'}>
              {total.anggaran_kas.map((amount, index) => (
                <td key={MONTHS[index]} className="cell-number">
                  {formatRupiah(amount)}
                </td>
              ))}
              <td className="cell-number">{formatRupiah(total.jumlah)}</td>
              <td className="cell-number">
                {formatRupiah(total.pagu)}
                {!total.seimbang && <span className="badge badge-danger"> tidak seimbang</span>}
              </td>
            </tr>
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}

type SubProps = { stage: Stage; opd: number; subKegiatan: NonNullable<Scope['subKegiatan']>; canWrite: boolean };

function SubKegiatanKas({ stage, opd, subKegiatan, canWrite }: SubProps) {
  const scope = { anggaran: stage.id, opd, subKegiatan: subKegiatan.kode };
  const lines = useBudgetLines(scope);
  const kas = useAnggaranKas(scope);
  const reason =
    stage.status === 'closed'
      ? `Tahap ${stage.tahap_label} sudah dikunci.`
      : stage.opd_locks.some((lock) => lock.perangkat_daerah === opd && lock.is_closed)
        ? `Perangkat daerah ini sudah dikunci pada tahap ${stage.tahap_label}.`
        : !canWrite
          ? 'Peran Anda hanya dapat melihat anggaran kas.'
          : null;
  if (lines.isPending || kas.isPending) return <Loading label="Memuat anggaran kas…" />;
  if (lines.isError) return <ErrorAlert error={lines.error} onRetry={() => void lines.refetch()} />;
  if (kas.isError) return <ErrorAlert error={kas.error} onRetry={() => void kas.refetch()} />;
  return (
    <>
      <h2 className="rincian-title">
        {subKegiatan.kode} {subKegiatan.nama}
      </h2>
      {reason && (
        <div className="alert alert-info" role="status">
          Hanya baca: {reason}
        </div>
      )}
      <KasGrid
        key={`${lines.dataUpdatedAt}-${kas.dataUpdatedAt}`}
        stage={stage}
        opd={opd}
        lines={lines.data.results}
        kas={kas.data.results}
        readOnly={reason !== null}
      />
    </>
  );
}

function KasGrid({
  stage,
  opd,
  lines,
  kas,
  readOnly,
}: {
  stage: Stage;
  opd: number;
  lines: BudgetLine[];
  kas: AnggaranKas[];
  readOnly: boolean;
}) {
  const byLine = new Map(kas.map((row) => [row.budget_line, row]));
  const [original] = useState(() => lines.map((line) => toKasRow(line, byLine.get(line.id))));
  const [rows, setRows] = useState<KasRow[]>(original);
  const [errors, setErrors] = useState<Record<number, Record<string, string>>>({});
  const [profile, setProfile] = useState<KasProfile>('rutin');
  const [saving, setSaving] = useState(false);
  const save = useKasSave();
  const spread = useKasSpread();
  const invalidate = useInvalidateKas();

  const columns: GridColumn[] = [
    { key: 'komponen', label: 'Rincian', readOnly: true, width: '20rem' },
    { key: 'pagu', label: 'Pagu DPA', kind: 'number', readOnly: true, width: '11rem' },
    ...MONTHS.map((month, index): GridColumn => ({ key: MONTH_KEYS[index]!, label: month, kind: 'number', width: '8.5rem' })),
    { key: 'total', label: 'Jumlah 12 bulan', kind: 'number', readOnly: true, width: '11rem' },
  ];
  const shown = rows.map((row) => {
    const total = rowTotal(row);
    return { ...row, total: total === null ? 'bukan angka' : formatRupiah(total) };
  });
  const balanced = rows.map((row, index) => {
    const total = rowTotal(row);
    return total !== null && differenceOf(total, lines[index]!.jumlah) === '0.00';
  });
  const changedIndexes = rows.flatMap((row, index) => (JSON.stringify(row) !== JSON.stringify(original[index]) ? [index] : []));

  async function saveAll() {
    setSaving(true);
    const nextErrors: Record<number, Record<string, string>> = {};
    let saved = 0;
    for (const index of changedIndexes) {
      const row = rows[index]!;
      const line = lines[index]!;
      const bulan = MONTH_KEYS.map((key) => parseDecimalInput(row[key] ?? ''));
      const bad = MONTH_KEYS.filter((_, i) => bulan[i] === undefined);
      if (bad.length) {
        nextErrors[index] = Object.fromEntries(bad.map((key) => [key, 'Bukan angka.']));
        continue;
      }
      const existing = byLine.get(line.id);
      try {
        await save.mutateAsync({
          id: existing?.id,
          budgetLine: line.id,
          bulan: bulan.map((value) => value ?? '0'),
          version: existing?.version,
        });
        saved += 1;
      } catch (error) {
        const fields = fieldErrors(error);
        nextErrors[index] = Object.keys(fields).length
          ? { total: Object.values(fields).join(' ') }
          : { total: errorMessage(error) };
      }
    }
    setSaving(false);
    setErrors(nextErrors);
    if (saved) notifications.show({ color: 'teal', message: `${saved} anggaran kas disimpan.` });
    if (saved && !Object.keys(nextErrors).length) await invalidate();
  }

  if (lines.length === 0) return <EmptyState>Sub kegiatan ini tidak punya rincian pada tahap ini.</EmptyState>;
  return (
    <section aria-label="Anggaran kas">
      <EditableGrid
        caption="Anggaran kas per rincian"
        columns={columns}
        rows={shown}
        rowLabel={(row) => row.komponen}
        onChange={(next) => setRows(next.map((row) => ({ ...row, total: '' })))}
        errors={errors}
        readOnly={readOnly}
        rowClassName={(_, index) => (balanced[index] ? undefined : 'row-unbalanced')}
        rowActions={(_, index) =>
          balanced[index] ? (
            <span className="badge badge-ok">seimbang</span>
          ) : (
            <span className="badge badge-danger">{unbalancedText(rows[index]!, lines[index]!)}</span>
          )
        }
      />
      {spread.isError && <ErrorAlert error={spread.error} />}
      {!readOnly && (
        <div className="doc-bar no-print">
          <label className="kas-profile">
            Profil{' '}
            <select value={profile} onChange={(event) => setProfile(event.target.value as KasProfile)}>
              {PROFILES.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
          <Button
            variant="default"
            loading={spread.isPending}
            onClick={() =>
              spread.mutate(
                { anggaran: stage.id, perangkat_daerah: opd, budget_lines: lines.map((l) => l.id), profil: profile, timpa: true },
                { onSuccess: (result) => notifications.show({ color: 'teal', message: `${result.updated} rincian dibagi per bulan.` }) },
              )
            }
          >
            Bagi per profil
          </Button>
          <Button onClick={() => void saveAll()} loading={saving} disabled={changedIndexes.length === 0}>
            Simpan anggaran kas
          </Button>
        </div>
      )}
    </section>
  );
}
