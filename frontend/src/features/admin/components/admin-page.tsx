import { OpdImport } from './opd-import';
import { PemdaSettings } from './pemda-settings';
import { UsersPanel } from './users-panel';

type Props = {
  /** The signed-in admin, who cannot deactivate themselves. */
  selfId?: number;
  /** The admin's pemda; the platform operator has none. */
  pemdaId?: number;
};

/** Administration of the pemda: its users, its OPD list and its settings. */
export function AdminPage({ selfId, pemdaId }: Props) {
  return (
    <section className="page admin-page" aria-labelledby="admin-title">
      <div className="page-header">
        <h1 id="admin-title">Administrasi</h1>
        <p className="muted">Pengguna, daftar perangkat daerah, dan pengaturan pemda.</p>
      </div>
      <UsersPanel selfId={selfId} />
      <OpdImport />
      <PemdaSettings pemdaId={pemdaId} />
    </section>
  );
}
