import { Button, Modal, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { formatDateTime } from '@/lib/format';
import { can } from '@/lib/permissions';
import type { Schemas } from '@/api/client';
import { useRpjmdRevise, useRpjmdTransition, type Rpjmd, type Transition } from '../api/rpjmd';

const DONE: Record<Transition, string> = {
  submit: 'Dokumen diajukan.',
  verify: 'Dokumen diverifikasi.',
  return: 'Dokumen dikembalikan ke draf.',
  approve: 'Dokumen disetujui dan terkunci.',
};

type WorkflowBarProps = {
  document: Rpjmd;
  me: Schemas['Me'];
  onRevised: (revision: Rpjmd) => void;
};

/**
 * The workflow actions this role may take on the document in its present state (draft → diajukan → terverifikasi →
 * disetujui, or back to draft with a note), "Buat revisi" on the approved revision, and the maker-checker rule.
 */
export function WorkflowBar({ document, me, onRevised }: WorkflowBarProps) {
  const transition = useRpjmdTransition();
  const revise = useRpjmdRevise();
  const [returning, setReturning] = useState(false);
  const [catatan, setCatatan] = useState('');
  const mayWrite = can(me, 'rpjmd', 'w');
  const { status } = document;
  const current = document.is_current;
  // maker-checker: whoever submitted the document or last changed it neither verifies nor approves it
  const maker = document.submitted_by === me.id || document.updated_by === me.id;
  // only the button that was pressed spins: the next state's button shows while the refetch settles
  const running = (action: Transition) => transition.isPending && transition.variables?.action === action;

  function run(action: Transition, note = '') {
    transition.mutate(
      { id: document.id, action, catatan: note },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: DONE[action] });
          setReturning(false);
          setCatatan('');
        },
      },
    );
  }

  const actions = current && (
    <>
      {status === 'draft' && can(me, 'rpjmd', 's') && (
        <Button onClick={() => run('submit')} loading={running('submit')}>
          Ajukan
        </Button>
      )}
      {status === 'submitted' && can(me, 'rpjmd', 'v') && (
        <Button onClick={() => run('verify')} loading={running('verify')} disabled={maker}>
          Verifikasi
        </Button>
      )}
      {status === 'verified' && can(me, 'rpjmd', 'a') && (
        <Button onClick={() => run('approve')} loading={running('approve')} disabled={maker}>
          Setujui
        </Button>
      )}
      {(status === 'submitted' || status === 'verified') && can(me, 'rpjmd', 'v') && (
        <Button variant="default" onClick={() => setReturning(true)}>
          Kembalikan
        </Button>
      )}
      {status === 'approved' && mayWrite && (
        <Button
          onClick={() =>
            // the promise, not mutate's onSuccess: that callback is dropped when the refetch it causes
            // re-renders this bar before the mutation settles
            revise
              .mutateAsync(document.id)
              .then((revision) => {
                notifications.show({ color: 'teal', message: `Revisi ${revision.revisi} dibuat sebagai draf.` });
                onRevised(revision);
              })
              .catch(() => undefined) // the error is shown from the mutation's state
          }
          loading={revise.isPending}
        >
          Buat revisi
        </Button>
      )}
    </>
  );

  const returnErrors = fieldErrors(transition.error);
  return (
    <div className="workflow">
      <div className="doc-bar no-print">{actions}</div>
      {maker &&
        ((status === 'submitted' && can(me, 'rpjmd', 'v')) || (status === 'verified' && can(me, 'rpjmd', 'a'))) && (
          <p className="muted" role="note">
            Anda yang mengajukan atau terakhir mengubah dokumen ini, jadi verifikasi dan persetujuannya harus oleh
            pengguna lain (prinsip maker-checker: pembuat tidak memeriksa pekerjaannya sendiri).
          </p>
        )}
      {!current && <p className="muted">Ini revisi lama; hanya revisi terakhir yang dapat diubah atau diproses.</p>}
      {transition.isError && !returnErrors.catatan && <ErrorAlert error={transition.error} />}
      {revise.isError && <ErrorAlert error={revise.error} />}
      <ol className="timeline">
        {document.submitted_at && <li>Diajukan {formatDateTime(document.submitted_at)}</li>}
        {document.verified_at && <li>Diverifikasi {formatDateTime(document.verified_at)}</li>}
        {document.approved_at && <li>Disetujui {formatDateTime(document.approved_at)}</li>}
        {document.catatan && <li>Catatan: {document.catatan}</li>}
      </ol>
      <Modal opened={returning} onClose={() => setReturning(false)} title="Kembalikan ke draf">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            run('return', catatan);
          }}
        >
          <Textarea
            label="Catatan untuk pengaju"
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
