import { Button, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert, Loading } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { usePemda, useRenamePemda, type Pemda } from '../api/admin';

function PemdaForm({ pemda }: { pemda: Pemda }) {
  const [nama, setNama] = useState(pemda.nama ?? '');
  const rename = useRenamePemda();
  const errors = fieldErrors(rename.error);
  return (
    <form
      className="admin-pemda-form"
      onSubmit={(event) => {
        event.preventDefault();
        rename.mutate({ id: pemda.id, nama, version: pemda.version });
      }}
    >
      <dl className="admin-pemda-facts">
        <dt>Kode wilayah</dt>
        <dd className="code">{pemda.kode}</dd>
        <dt>Tingkat</dt>
        <dd>{pemda.level === 'PROV' ? 'Provinsi' : 'Kabupaten/Kota'}</dd>
      </dl>
      <TextInput label="Nama pemda" value={nama} error={errors.nama} onChange={(event) => setNama(event.currentTarget.value)} />
      {rename.isError && !errors.nama && <ErrorAlert error={rename.error} />}
      {rename.isSuccess && (
        <p className="alert alert-ok" role="status">
          Nama pemda disimpan.
        </p>
      )}
      <div className="toolbar">
        <Button type="submit" loading={rename.isPending} disabled={nama.trim() === '' || nama === pemda.nama}>
          Simpan
        </Button>
      </div>
    </form>
  );
}

/** The pemda's own settings: its name (code and level are the Kemendagri ones). */
export function PemdaSettings({ pemdaId }: { pemdaId?: number }) {
  const pemda = usePemda(pemdaId);
  return (
    <section className="panel" aria-labelledby="admin-pemda-title">
      <h2 id="admin-pemda-title">Pengaturan pemda</h2>
      {pemdaId === undefined ? (
        <p className="muted">Akun operator platform tidak terikat pada satu pemda.</p>
      ) : pemda.isPending ? (
        <Loading />
      ) : pemda.isError ? (
        <ErrorAlert error={pemda.error} onRetry={() => void pemda.refetch()} />
      ) : (
        <PemdaForm key={pemda.data.version} pemda={pemda.data} />
      )}
    </section>
  );
}
