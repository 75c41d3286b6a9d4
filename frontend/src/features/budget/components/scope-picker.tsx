import { useId } from 'react';

import type { Schemas } from '@/api/client';
import { usePeriod } from '@/lib/period';
import { stageName } from '@/lib/stages';
import { useOpdList, useStages, useSubKegiatanOptions, type Stage } from '../api/budget';
import { useSearchParamsState, withValues } from '@/lib/search-params';

export function stageLabel(stage: Stage): string {
  return `${stageName(stage)}${stage.status === 'closed' ? ' (dikunci)' : ''}`;
}

type SubKegiatanOption = { kode: string; nama: string; nomenklatur: number; sumber_dana: number | null };

export type Scope = {
  tahun: number;
  stages: Stage[];
  stage: Stage | undefined;
  opd: number | undefined;
  opdName: string;
  subKegiatan: SubKegiatanOption | undefined;
  /** null for an OPD user: no choice of OPD */
  opdOptions: { id: number; kode: string; nama: string }[] | null;
  subOptions: SubKegiatanOption[];
  loading: boolean;
  error: unknown;
  set: (changes: { tahap?: number; opd?: number; sub?: string }) => void;
};

/**
 * Stage → OPD (TAPD only; an OPD user works on its own) → sub kegiatan, kept in the address (`?tahap=&opd=&sub=`)
 * so a sub kegiatan's rincian can be linked to and survives a reload.
 */
export function useScope(me: Schemas['Me'] | null | undefined, filterStage: (stage: Stage) => boolean = () => true): Scope {
  const { tahun } = usePeriod();
  const [params, setParams] = useSearchParamsState();
  const ownOpd = me?.perangkat_daerah?.id;
  const stagesQuery = useStages(tahun);
  const opdQuery = useOpdList(!ownOpd);
  const stages = (stagesQuery.data?.results ?? []).filter(filterStage);
  const tahapParam = Number(params.get('tahap')) || undefined;
  // The default: the latest open stage (else the latest).
  const stage =
    stages.find((s) => s.id === tahapParam) ??
    [...stages].reverse().find((s) => s.status === 'open') ??
    stages[stages.length - 1];
  const opd = ownOpd ?? (Number(params.get('opd')) || undefined);
  const opdRow = opdQuery.data?.results.find((row) => row.id === opd);
  const opdName = ownOpd ? (me?.perangkat_daerah?.nama ?? '') : (opdRow?.nama ?? '');
  const subs = useSubKegiatanOptions(tahun, opd);
  const subKegiatan = subs.options.find((s) => s.kode === params.get('sub'));

  function set(changes: { tahap?: number; opd?: number; sub?: string }) {
    setParams((current) => withValues(current, 'opd' in changes ? { ...changes, sub: null } : changes), {
      replace: true,
    });
  }

  return {
    tahun,
    stages,
    stage,
    opd,
    opdName,
    subKegiatan,
    loading: stagesQuery.isPending,
    error: stagesQuery.error ?? opdQuery.error ?? subs.error,
    set,
    opdOptions: ownOpd ? null : (opdQuery.data?.results ?? []).filter((row) => !row.induk),
    subOptions: subs.options,
  };
}

export function ScopePicker({ scope }: { scope: Scope }) {
  const { opdOptions, subOptions } = scope;
  const id = useId();
  return (
    <div className="toolbar report-filters" role="group" aria-label="Pilih rincian">
      <div className="field">
        <label htmlFor={`${id}-tahap`}>Tahap</label>
        <select id={`${id}-tahap`} value={scope.stage?.id ?? ''} onChange={(event) => scope.set({ tahap: Number(event.target.value) })}>
          {scope.stages.map((stage) => (
            <option key={stage.id} value={stage.id}>
              {stageLabel(stage)}
            </option>
          ))}
        </select>
      </div>
      {opdOptions && (
        <div className="field">
          <label htmlFor={`${id}-opd`}>Perangkat daerah</label>
          <select
            id={`${id}-opd`}
            value={scope.opd ?? ''}
            onChange={(event) => scope.set({ opd: Number(event.target.value) || undefined })}
          >
            <option value="">— pilih perangkat daerah —</option>
            {opdOptions.map((row) => (
              <option key={row.id} value={row.id}>
                {row.nama}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field field-wide">
        <label htmlFor={`${id}-sub`}>Sub kegiatan</label>
        <select
          id={`${id}-sub`}
          value={scope.subKegiatan?.kode ?? ''}
          disabled={scope.opd === undefined}
          onChange={(event) => scope.set({ sub: event.target.value })}
        >
          <option value="">— pilih sub kegiatan —</option>
          {subOptions.map((row) => (
            <option key={row.kode} value={row.kode}>
              {row.kode} {row.nama}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
