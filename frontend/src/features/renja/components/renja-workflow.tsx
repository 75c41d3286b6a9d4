import { Button, Modal, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError, type Schemas } from '@/api/client';
import { ErrorAlert } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { formatDateTime } from '@/lib/format';
import { can } from '@/lib/permissions';
import { useRenjaRevise, useRenjaTransition, type Renja, type Transition } from '../api/renja';

const DONE: Record<Transition, string> = {
  submit: 'Renja diajukan ke Bappeda.',
  verify: 'Renja diverifikasi.',
  return: 'Renja dikembalikan ke draf dengan catatan.',
  approve: 'Renja disetujui dan terkunci.',
};

const MAKER_CHECKER =
  'Anda yang mengajukan atau terakhir mengubah Renja ini, jadi verifikasi dan persetujuannya harus oleh pengguna ' +
  'lain (prinsip maker-checker: pembuat tidak memeriksa pekerjaannya sendiri).';

function isMakerChecker(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    typeof error.body === 'object' &&
    error.body !== null &&
    (error.body as { code?: unknown }).code === 'maker_checker'
  );
}

type Props = { renja: Renja; me: Schemas['Me']; onRevised: (revision: Renja) => void };

/**
 * Ajukan (OPD planner), Verifikasi / Kembalikan with a note (Bappeda), Setujui, and "Buat revisi" on the approved
 * revision, as far as the role may; the sign-off timeline and the maker-checker rule.
 */
export function RenjaWorkflow({ renja, me, onRevised }: Props) {
  const transition = useRenjaTransition();
  const revise = useRenjaRevise();
  const [returning, setReturning] = useState(false);
  const [catatan, setCatatan] = useState('');
  const { status } = renja;
  const current = renja.is_current;
  const maker = renja.submitted_by === me.id || renja.updated_by === me.id;
  const running = (action: Transition) => transition.isPending && transition.variables?.action === action;

  function run(action: Transition, note = '') {
    transition.mutate(
      { id: renja.id, action, catatan: note },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: DONE[action] });
          setReturning(false);
          setCatatan('');
        },
      },
    );
  }

  const returnErrors = fieldErrors(transition.error);
  const checker = (status === 'submitted' && can(me, 'renja', 'v')) || (status === 'verified' && can(me, 'renja', 'a'));
  return (
    <div className="workflow">
      {current && (
        <div className="doc-bar no-print">
          {status === 'draft' && can(me, 'renja', 's') && (
            <Button onClick={() => run('submit')} loading={running('submit')}>
              Ajukan
            </Button>
          )}
          {status === 'submitted' && can(me, 'renja', 'v') && (
            <Button onClick={() => run('verify')} loading={running('verify')} disabled={maker}>
              Verifikasi
            </Button>
          )}
          {status === 'verified' && can(me, 'renja', 'a') && (
            <Button onClick={() => run('approve')} loading={running('approve')} disabled={maker}>
              Setujui
            </Button>
          )}
          {(status === 'submitted' || status === 'verified') && can(me, 'renja', 'v') && (
            <Button variant="default" onClick={() => setReturning(true)}>
              Kembalikan
            </Button>
          )}
          {status === 'approved' && can(me, 'renja', 'w') && (
            <Button
              onClick={() =>
                revise
                  .mutateAsync(renja.id)
                  .then((revision) => {
                    notifications.show({ color: 'teal', message: `Revisi ${revision.revisi} dibuat sebagai draf.` });
                    onRevised(revision);
                  })
                  .catch(() => undefined) // shown from the mutation's state
              }
              loading={revise.isPending}
            >
              Buat revisi
            </Button>
          )}
        </div>
      )}
      {maker && checker && (
        <p className="muted" role="note">
          {MAKER_CHECKER}
        </p>
      )}
      {!current && <p className="muted">Ini revisi lama; hanya revisi terakhir yang dapat diubah atau diproses.</p>}
      {transition.isError && !returnErrors.catatan && (
        <>
          <ErrorAlert error={transition.error} />
          {isMakerChecker(transition.error) && <p className="muted">{MAKER_CHECKER}</p>}
        </>
      )}
      {revise.isError && <ErrorAlert error={revise.error} />}
      <ol className="timeline">
        {renja.submitted_at && <li>Terakhir diajukan {formatDateTime(renja.submitted_at)}</li>}
        {renja.verified_at && <li>Diverifikasi {formatDateTime(renja.verified_at)}</li>}
        {renja.approved_at && <li>Disetujui {formatDateTime(renja.approved_at)}</li>}
        {renja.catatan && <li>Catatan verifikator: {renja.catatan}</li>}
      </ol>
      <Modal opened={returning} onClose={() => setReturning(false)} title="Kembalikan Renja ke draf">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            run('return', catatan);
          }}
        >
          <Textarea
            label="Catatan untuk perencana OPD"
            description="Wajib: apa yang harus diperbaiki."
            value={catatan}
            onChange={(event) => setCatatan(event.currentTarget.value)}
            error={returnErrors.catatan}
            autosize
            minRows={3}
          />
          <div className="inline-form-actions" style={{ marginTop: '0.75rem' }}>
            <Button type="submit" loading={transition.isPending}>
              Kembalikan
            </Button>
            <Button variant="default" onClick={() => setReturning(false)}>
              Batal
            </Button>
          </div>
        </form>
      </Modal>
    </div>
  );
}
