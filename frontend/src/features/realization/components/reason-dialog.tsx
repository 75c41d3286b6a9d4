import { Button, Modal, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';

type ReasonDialogProps = {
  opened: boolean;
  title: string;
  label: string;
  description?: string;
  /** A reason is required (void, reopen); a closing note is not. */
  required: boolean;
  confirm: string;
  pending: boolean;
  error: unknown;
  onConfirm: (alasan: string) => void;
  onClose: () => void;
};

/** Asks why before an audited change; the server's 400 for `alasan` shows under the field, anything else above. */
export function ReasonDialog(props: ReasonDialogProps) {
  const { opened, title, label, description, required, confirm, pending, error, onConfirm, onClose } = props;
  const [alasan, setAlasan] = useState('');
  const [missing, setMissing] = useState(false);
  const serverError = fieldErrors(error).alasan;
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (required && !alasan.trim()) {
            setMissing(true);
            return;
          }
          onConfirm(alasan.trim());
        }}
      >
        <Textarea
          label={label}
          description={description}
          value={alasan}
          onChange={(event) => {
            setAlasan(event.currentTarget.value);
            setMissing(false);
          }}
          error={missing ? 'Alasan wajib diisi.' : serverError}
          required={required}
          autosize
          minRows={3}
          data-autofocus
        />
        {Boolean(error) && !serverError && <ErrorAlert error={error} />}
        <div className="inline-form-actions" style={{ marginTop: '0.75rem' }}>
          <Button type="submit" loading={pending}>
            {confirm}
          </Button>
          <Button variant="default" onClick={onClose}>
            Batal
          </Button>
        </div>
      </form>
    </Modal>
  );
}
