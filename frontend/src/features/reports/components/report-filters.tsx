import type { Schemas } from '@/api/client';
import { MONTH_NAMES } from '@/lib/months';
import { stageName } from '@/lib/stages';
import { LEVELS, type Level, type ReportQuery } from '../query';
import type { ReportFilter } from '../registry';

type Stage = Schemas['Anggaran'];
type Opd = Pick<Schemas['PerangkatDaerah'], 'id' | 'kode' | 'nama'>;
type SumberDana = Pick<Schemas['SumberDana'], 'kode' | 'nama' | 'level'>;

/** The sub kegiatan an OPD budgets in the stage; `opdId` undefined for an OPD user's own. */
export type SubKegiatanGroup = { opd: string; opdId?: number; rows: readonly { kode: string; uraian: string }[] };

function subKegiatanChange(value: string): Partial<ReportQuery> {
  if (!value) return { sub_kegiatan: undefined };
  const [opdId, kode] = value.split('|');
  return opdId ? { perangkat_daerah: Number(opdId), sub_kegiatan: kode } : { sub_kegiatan: kode };
}

const QUARTERS = ['I', 'II', 'III', 'IV'];

/** "b6" (s.d. Juni) or "t2" (s.d. triwulan II): the one select for the period; "" = the server's default. */
function periodValue(query: ReportQuery): string {
  if (query.bulan) return `b${query.bulan}`;
  if (query.triwulan) return `t${query.triwulan}`;
  return '';
}

function periodChange(value: string): Partial<ReportQuery> {
  const number = Number(value.slice(1));
  if (value.startsWith('b')) return { bulan: number, triwulan: undefined };
  if (value.startsWith('t')) return { triwulan: number, bulan: undefined };
  return { bulan: undefined, triwulan: undefined };
}

function optionalNumber(value: string): number | undefined {
  return value === '' ? undefined : Number(value);
}

type Props = {
  filters: readonly ReportFilter[];
  query: ReportQuery;
  onChange: (changes: Partial<ReportQuery>) => void;
  stages: readonly Stage[];
  /** null: the user's own OPD only (an OPD user), no choice offered */
  opd: readonly Opd[] | null;
  /** the sub kegiatan of the stage, by OPD, for the rincian */
  subKegiatan?: readonly SubKegiatanGroup[];
  /** the sumber dana classification, every level, in code order */
  sumberDana?: readonly SumberDana[];
};

/** The report's filters as selects; each change rewrites the address, so the figures can be linked to. */
export function ReportFilters({ filters, query, onChange, stages, opd, subKegiatan = [], sumberDana = [] }: Props) {
  const show = (filter: ReportFilter) => filters.includes(filter);
  return (
    <div className="toolbar report-filters" role="group" aria-label="Saring laporan">
      {show('periode') && (
        <label className="field">
          <span>Periode</span>
          <select value={periodValue(query)} onChange={(event) => onChange(periodChange(event.target.value))}>
            <option value="">Bulan berjalan</option>
            <optgroup label="s.d. bulan">
              {MONTH_NAMES.map((name, index) => (
                <option key={name} value={`b${index + 1}`}>
                  s.d. {name}
                </option>
              ))}
            </optgroup>
            <optgroup label="s.d. triwulan">
              {QUARTERS.map((name, index) => (
                <option key={name} value={`t${index + 1}`}>
                  Triwulan {name}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
      )}
      {show('triwulan') && (
        <label className="field">
          <span>s.d. triwulan</span>
          <select
            value={query.triwulan ?? ''}
            onChange={(event) => onChange({ triwulan: optionalNumber(event.target.value), bulan: undefined })}
          >
            <option value="">Triwulan berjalan</option>
            {QUARTERS.map((name, index) => (
              <option key={name} value={index + 1}>
                Triwulan {name}
              </option>
            ))}
          </select>
        </label>
      )}
      {show('tahap') && (
        <label className="field">
          <span>{show('dengan') ? 'Tahap (sesudah)' : 'Tahap'}</span>
          <select value={query.tahap ?? ''} onChange={(event) => onChange({ tahap: optionalNumber(event.target.value) })}>
            <option value="">Tahap berlaku</option>
            {stages.map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stageName(stage)}
              </option>
            ))}
          </select>
        </label>
      )}
      {show('dengan') && (
        <label className="field">
          <span>Dibandingkan dengan (sebelum)</span>
          <select
            value={query.dengan ?? ''}
            onChange={(event) => onChange({ dengan: optionalNumber(event.target.value) })}
          >
            <option value="">Tahap asal salinan</option>
            {stages
              .filter((stage) => stage.id !== query.tahap)
              .map((stage) => (
                <option key={stage.id} value={stage.id}>
                  {stageName(stage)}
                </option>
              ))}
          </select>
        </label>
      )}
      {show('perangkat_daerah') && opd && (
        <label className="field">
          <span>Perangkat daerah</span>
          <select
            value={query.perangkat_daerah ?? ''}
            onChange={(event) =>
              onChange({ perangkat_daerah: optionalNumber(event.target.value), level: undefined })
            }
          >
            <option value="">Seluruh perangkat daerah</option>
            {opd.map((row) => (
              <option key={row.id} value={row.id}>
                {row.nama}
              </option>
            ))}
          </select>
        </label>
      )}
      {show('sub_kegiatan') && (
        <label className="field field-wide">
          <span>Sub kegiatan</span>
          <select
            value={query.sub_kegiatan ? `${query.perangkat_daerah ?? ''}|${query.sub_kegiatan}` : ''}
            onChange={(event) => onChange(subKegiatanChange(event.target.value))}
          >
            <option value="">Pilih sub kegiatan…</option>
            {subKegiatan.map((group) => (
              <optgroup key={group.opd} label={group.opd}>
                {group.rows.map((row) => (
                  <option key={row.kode} value={`${group.opdId ?? ''}|${row.kode}`}>
                    {row.kode} {row.uraian}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
      )}
      {show('sumber_dana') && (
        <label className="field field-wide">
          <span>Sumber dana</span>
          <select
            value={query.sumber_dana ?? ''}
            onChange={(event) => onChange({ sumber_dana: event.target.value || undefined })}
          >
            <option value="">Semua sumber dana</option>
            {query.sumber_dana && !sumberDana.some((row) => row.kode === query.sumber_dana) && (
              <option value={query.sumber_dana}>{query.sumber_dana}</option>
            )}
            {sumberDana.map((row) => (
              <option key={row.kode} value={row.kode}>
                {'\u00a0\u00a0'.repeat(Math.max(0, row.level - 1))}
                {row.kode} {row.nama}
              </option>
            ))}
          </select>
        </label>
      )}
      {show('level') && (
        <label className="field">
          <span>Rinci sampai</span>
          <select
            value={query.level ?? ''}
            onChange={(event) => onChange({ level: (event.target.value || undefined) as Level | undefined })}
          >
            <option value="">{query.perangkat_daerah || !opd ? 'Sub kegiatan' : 'Perangkat daerah'}</option>
            {LEVELS.map((level) => (
              <option key={level.value} value={level.value}>
                {level.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {show('grain') && (
        <label className="field">
          <span>Rincian</span>
          <select
            value={query.grain ?? 'akun'}
            onChange={(event) => onChange({ grain: event.target.value === 'line' ? 'line' : undefined })}
          >
            <option value="akun">Per sub kegiatan × akun</option>
            <option value="line">Per rincian belanja</option>
          </select>
        </label>
      )}
    </div>
  );
}
