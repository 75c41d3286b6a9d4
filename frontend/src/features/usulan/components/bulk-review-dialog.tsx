import { Button, Modal, NativeSelect, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/status';
import { bulkRowErrors, TAHAP_LABEL, type Tahap, type Usulan } from '../api/usulan';

type BulkReviewDialogProps = {
  opened: boolean;
  keputusan: 'diterima' | 'ditolak';
  rows: readonly Usulan[];
  defaultTahap: Tahap;
  pending: boolean;
  error: unknown;
  onConfirm: (input: { tahap: Tahap; alasan: string }) => void;
  onClose: () => void;
};

/**
 * One decision on the chosen proposals, all or none: the level it is taken at and, to reject, the reason. When the
 * server refuses some, nothing was written and each refused proposal is listed with why.
 */
export function BulkReviewDialog(props: BulkReviewDialogProps) {
  const { opened, keputusan, rows, defaultTahap, pending, error, onConfirm, onClose } = props;
  const [tahap, setTahap] = useState<Tahap>(defaultTahap);
  const [alasan, setAlasan] = useState('');
  const [missing, setMissing] = useState(false);
  const rejecting = keputusan === 'ditolak';
  const refused = bulkRowErrors(error);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`${rejecting ? 'Tolak' : 'Terima'} ${rows.length} usulan`}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (rejecting && !alasan.trim()) {
            setMissing(true);
            return;
          }
          onConfirm({ tahap, alasan: alasan.trim() });
        }}
      >
        <NativeSelect
          label="Dibahas pada tahap"
          value={tahap}
          onChange={(event) => setTahap(event.currentTarget.value as Tahap)}
          data={Object.entries(TAHAP_LABEL).map(([value, label]) => ({ value, label }))}
        />
        {rejecting && (
          <Textarea
            label="Alasan penolakan"
            description="Dicatat pada setiap usulan yang ditolak dan terlihat oleh pengusul."
            value={alasan}
            onChange={(event) => {
              setAlasan(event.currentTarget.value);
              setMissing(false);
            }}
            error={missing ? 'Alasan wajib diisi.' : undefined}
            required
            autosize
            minRows={3}
            mt="sm"
            data-autofocus
          />
        )}
        {refused.length > 0 && (
          <div className="usulan-bulk-errors" role="alert">
            <p>Tidak ada yang disimpan: {refused.length} usulan tidak dapat dibahas.</p>
            <ul>
              {refused.map((row) => (
                <li key={`${row.index}-${row.field}`}>
                  <strong>{byId.get(row.id)?.uraian ?? `Usulan #${row.id}`}</strong>: {row.reason}
                </li>
              ))}
            </ul>
          </div>
        )}
        {Boolean(error) && refused.length === 0 && <ErrorAlert error={error} />}
        <div className="inline-form-actions" style={{ marginTop: '0.75rem' }}>
          <Button type="submit" loading={pending} color={rejecting ? 'red' : undefined}>
            {rejecting ? 'Tolak semua' : 'Terima semua'}
          </Button>
          <Button variant="default" onClick={onClose}>
            Batal
          </Button>
        </div>
      </form>
    </Modal>
  );
}
