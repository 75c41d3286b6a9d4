import { Tabs } from '@mantine/core';
import type { Schemas } from '@/api/client';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { usePeriod } from '@/lib/period';
import { can } from '@/lib/permissions';
import { useOpdList, usePeriods, useStages } from '../api/realisasi';
import { stageInForce } from '../rules';
import { EntryForm } from './entry-form';
import { EntryList } from './entry-list';
import { ImportPanel } from './import-panel';
import { PeriodPanel } from './period-panel';
import { useSearchParamsState } from '@/lib/search-params';

/** Today in Jakarta as "YYYY-MM-DD" (the default date of a new entry). */
function jakartaToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(now);
}

type Tab = 'catat' | 'daftar' | 'impor' | 'periode';

/**
 * Realisasi for the OPD's bendahara / PPK and for BPKAD / TAPD: post an SP2D / SPJ / STS on a line of the stage in
 * force, the entries of a month with their totals (void with a reason), import an export, and close the months.
 */
export function RealizationPage({ me }: { me: Schemas['Me'] }) {
  const { tahun } = usePeriod();
  const [params, setParams] = useSearchParamsState();
  const mayWrite = can(me, 'realisasi', 'w');
  const mayClose = can(me, 'realisasi-periode', 'w');
  const opdScoped = Boolean(me.perangkat_daerah);
  const stages = useStages(tahun);
  const periods = usePeriods(tahun);
  const opd = useOpdList(!opdScoped);
  const tabs: Tab[] = [...(mayWrite ? (['catat'] as const) : []), 'daftar', ...(mayWrite ? (['impor'] as const) : []), 'periode'];
  const asked = params.get('tab') as Tab | null;
  const tab: Tab = asked && tabs.includes(asked) ? asked : tabs[0]!;
  const stage = stageInForce(stages.data?.results ?? []);
  const opdChoices = opdScoped ? null : (opd.data?.results ?? []);
  const periodRows = periods.data?.results ?? [];

  let body;
  if (stages.isPending || periods.isPending) body = <Loading />;
  else if (stages.isError) body = <ErrorAlert error={stages.error} onRetry={() => void stages.refetch()} />;
  else if (periods.isError) body = <ErrorAlert error={periods.error} onRetry={() => void periods.refetch()} />;
  else if (!stage)
    body = (
      <EmptyState>
        Belum ada DPA untuk tahun {tahun}; realisasi dicatat pada rincian DPA / DPPA yang berlaku.
      </EmptyState>
    );
  else
    body = (
      <Tabs
        value={tab}
        onChange={(value) =>
          setParams((previous) => {
            const next = new URLSearchParams(previous);
            next.set('tab', value ?? tabs[0]!);
            return next;
          })
        }
        keepMounted={false}
      >
        <Tabs.List>
          {mayWrite && <Tabs.Tab value="catat">Catat</Tabs.Tab>}
          <Tabs.Tab value="daftar">Daftar</Tabs.Tab>
          {mayWrite && <Tabs.Tab value="impor">Impor</Tabs.Tab>}
          <Tabs.Tab value="periode">{mayClose ? 'Tutup buku' : 'Periode'}</Tabs.Tab>
        </Tabs.List>
        {mayWrite && (
          <Tabs.Panel value="catat" pt="md">
            <EntryForm stage={stage} periods={periodRows} opdChoices={opdChoices} today={jakartaToday()} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="daftar" pt="md">
          <EntryList anggaran={stage.id} tahun={tahun} periods={periodRows} opdChoices={opdChoices} mayWrite={mayWrite} />
        </Tabs.Panel>
        {mayWrite && (
          <Tabs.Panel value="impor" pt="md">
            <ImportPanel anggaran={stage.id} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="periode" pt="md">
          <PeriodPanel tahun={tahun} periods={periodRows} mayWrite={mayClose} />
        </Tabs.Panel>
      </Tabs>
    );

  return (
    <section className="page" aria-labelledby="realisasi-title">
      <div className="page-header">
        <h1 id="realisasi-title">Realisasi {tahun}</h1>
        <p className="muted">
          {stage ? `Dokumen berlaku: ${stage.tahap_label}${(stage.nomor ?? 1) > 1 ? ` ${stage.nomor}` : ''}. ` : ''}
          {opdScoped ? `Perangkat daerah: ${me.perangkat_daerah?.nama}.` : 'Seluruh perangkat daerah.'}
        </p>
      </div>
      {body}
    </section>
  );
}
