import { Button, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';

type InlineTextFormProps = {
  label: string;
  initial?: string;
  pending: boolean;
  error: unknown;
  onSave: (text: string) => void;
  onCancel: () => void;
};

/** A text edited in place; the API's 400 for `uraian` (or `visi`) appears under the field, anything else above it. */
export function InlineTextForm({ label, initial = '', pending, error, onSave, onCancel }: InlineTextFormProps) {
  const [text, setText] = useState(initial);
  const errors = fieldErrors(error);
  const fieldError = errors.uraian ?? errors.visi;
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSave(text);
      }}
    >
      <Textarea
        label={label}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        error={fieldError}
        autosize
        minRows={2}
        autoFocus
      />
      {Boolean(error) && !fieldError && <ErrorAlert error={error} />}
      <div className="inline-form-actions">
        <Button type="submit" size="xs" loading={pending}>
          Simpan
        </Button>
        <Button size="xs" variant="default" onClick={onCancel}>
          Batal
        </Button>
      </div>
    </form>
  );
}
