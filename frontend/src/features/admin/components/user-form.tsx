import { Button, NativeSelect, PasswordInput, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { OPD_ROLES, ROLE_LABELS, useCreateUser, useOpdOptions, type Role } from '../api/admin';

const EMPTY = { username: '', first_name: '', last_name: '', email: '', password: '' };
const ROLES = Object.keys(ROLE_LABELS) as Role[];
const FIELDS = ['username', 'first_name', 'last_name', 'email', 'password', 'role', 'perangkat_daerah', 'pemda'];

/** Add a user of the pemda: role, and the OPD for an OPD role; the API's 400 appears under each field. */
export function UserForm({ onCreated }: { onCreated?: (username: string) => void }) {
  const [values, setValues] = useState(EMPTY);
  const [role, setRole] = useState<Role>('leader');
  const [opd, setOpd] = useState('');
  const create = useCreateUser();
  const opdOptions = useOpdOptions();
  const errors = fieldErrors(create.error);
  const needsOpd = OPD_ROLES.has(role);
  const other = Object.entries(errors).filter(([field]) => !FIELDS.includes(field));

  const text = (field: keyof typeof EMPTY) => ({
    value: values[field],
    error: errors[field],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
      const value = event.currentTarget.value;
      setValues((current) => ({ ...current, [field]: value }));
    },
  });

  return (
    <form
      className="admin-user-form"
      aria-label="Tambah pengguna"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(
          { ...values, role, perangkat_daerah: needsOpd && opd ? Number(opd) : null },
          {
            onSuccess: (user) => {
              setValues(EMPTY);
              setOpd('');
              onCreated?.(user.username);
            },
          },
        );
      }}
    >
      <div className="form-grid">
        <TextInput label="Nama pengguna" required autoComplete="off" {...text('username')} />
        <TextInput label="Nama depan" {...text('first_name')} />
        <TextInput label="Nama belakang" {...text('last_name')} />
        <TextInput label="Surel" type="email" {...text('email')} />
        <PasswordInput label="Kata sandi awal" required autoComplete="new-password" {...text('password')} />
        <NativeSelect
          label="Peran"
          value={role}
          error={errors.role ?? errors.pemda}
          data={ROLES.map((value) => ({ value, label: ROLE_LABELS[value] }))}
          onChange={(event) => setRole(event.currentTarget.value as Role)}
        />
        {needsOpd && (
          <NativeSelect
            label="Perangkat daerah"
            value={opd}
            error={errors.perangkat_daerah ?? (opdOptions.isError ? 'Daftar perangkat daerah tidak dapat dimuat.' : undefined)}
            data={[
              { value: '', label: opdOptions.isPending ? 'Memuat…' : '— pilih —' },
              ...(opdOptions.data?.results ?? [])
                .filter((row) => row.induk == null)
                .map((row) => ({ value: String(row.id), label: `${row.kode} ${row.nama}` })),
            ]}
            onChange={(event) => setOpd(event.currentTarget.value)}
          />
        )}
      </div>
      {other.length > 0 && <ErrorAlert error={other.map(([, message]) => message).join(' ')} />}
      {create.isError && Object.keys(errors).length === 0 && <ErrorAlert error={create.error} />}
      {create.isSuccess && (
        <p className="alert alert-ok" role="status">
          Pengguna {create.data.username} ditambahkan.
        </p>
      )}
      <div className="toolbar">
        <Button type="submit" loading={create.isPending}>
          Tambah pengguna
        </Button>
      </div>
    </form>
  );
}
