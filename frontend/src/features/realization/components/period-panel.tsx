import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { formatDateTime } from '@/lib/format';
import { useClosePeriod, useReopenPeriod, type Periode } from '../api/realisasi';
import { MONTH_NAMES } from '@/lib/months';
import { ReasonDialog } from './reason-dialog';

type Action = { kind: 'close'; bulan: number } | { kind: 'reopen'; periode: Periode };

/** The twelve months of the year with their tutup buku state; BPKAD / TAPD close and reopen them. */
export function PeriodPanel({ tahun, periods, mayWrite }: { tahun: number; periods: readonly Periode[]; mayWrite: boolean }) {
  const close = useClosePeriod();
  const reopen = useReopenPeriod();
  const [action, setAction] = useState<Action | null>(null);
  const byMonth = new Map(periods.filter((p) => p.tahun === tahun).map((p) => [p.bulan, p]));
  const mutation = action?.kind === 'reopen' ? reopen : close;
  const month = action ? MONTH_NAMES[(action.kind === 'close' ? action.bulan : action.periode.bulan) - 1] : '';

  function confirm(alasan: string) {
    if (!action) return;
    const done = (message: string) => () => {
      notifications.show({ color: 'teal', message });
      setAction(null);
    };
    if (action.kind === 'close') {
      close.mutate({ tahun, bulan: action.bulan, alasan }, { onSuccess: done(`Periode ${month} ${tahun} ditutup.`) });
    } else {
      reopen.mutate({ periode: action.periode, alasan }, { onSuccess: done(`Periode ${month} ${tahun} dibuka kembali.`) });
    }
  }

  return (
    <section aria-labelledby="period-title">
      <h2 id="period-title">Tutup buku realisasi {tahun}</h2>
      <p className="muted">
        Bulan yang ditutup tidak menerima pencatatan, pembatalan, atau impor realisasi bertanggal bulan itu, untuk seluruh
        perangkat daerah.
      </p>
      <ScrollRegion label="Periode realisasi">
        <table className="table table-compact period-table">
          <thead>
            <tr>
              <th scope="col">Bulan</th>
              <th scope="col">Status</th>
              <th scope="col">Catatan / alasan</th>
              <th scope="col">Diubah</th>
              {mayWrite && (
                <th scope="col">
                  <span className="visually-hidden">Tindakan</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {MONTH_NAMES.map((name, index) => {
              const bulan = index + 1;
              const periode = byMonth.get(bulan);
              const closed = periode?.is_closed ?? false;
              return (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>
                    <span className={closed ? 'badge badge-danger' : 'badge badge-ok'}>
                      {closed ? 'Ditutup' : periode ? 'Dibuka kembali' : 'Terbuka'}
                    </span>
                  </td>
                  <td className="wrap">{periode?.alasan || '–'}</td>
                  <td className="nowrap">{periode ? formatDateTime(periode.updated_at) : '–'}</td>
                  {mayWrite && (
                    <td>
                      {closed ? (
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={`Buka kembali ${name}`}
                          onClick={() => {
                            reopen.reset();
                            setAction({ kind: 'reopen', periode: periode! });
                          }}
                        >
                          Buka kembali
                        </Button>
                      ) : (
                        <Button
                          size="xs"
                          aria-label={`Tutup ${name}`}
                          onClick={() => {
                            close.reset();
                            setAction({ kind: 'close', bulan });
                          }}
                        >
                          Tutup
                        </Button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      <ReasonDialog
        key={action ? `${action.kind}-${month}` : 'none'}
        opened={action !== null}
        title={action?.kind === 'reopen' ? `Buka kembali ${month} ${tahun}` : `Tutup ${month} ${tahun}`}
        label={action?.kind === 'reopen' ? 'Alasan pembukaan kembali' : 'Catatan penutupan'}
        description={action?.kind === 'reopen' ? 'Wajib; tercatat di jejak audit.' : 'Tidak wajib.'}
        required={action?.kind === 'reopen'}
        confirm={action?.kind === 'reopen' ? 'Buka kembali' : 'Tutup periode'}
        pending={mutation.isPending}
        error={mutation.error}
        onClose={() => setAction(null)}
        onConfirm={confirm}
      />
    </section>
  );
}
