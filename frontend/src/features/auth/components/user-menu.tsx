import { useNavigate } from 'react-router';
import { displayName, useMe } from '../api/get-me';
import { useLogout } from '../api/logout';

/** Who is signed in (name, role, OPD) and the way out. */
export function UserMenu() {
  const { data: me } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  if (!me) return null;

  return (
    <div className="user-menu">
      <div className="user-menu-who">
        <span className="user-menu-name">{displayName(me)}</span>
        <span className="user-menu-role">{me.role_label}</span>
        {me.perangkat_daerah && (
          <span className="user-menu-opd" title={me.perangkat_daerah.kode}>
            {me.perangkat_daerah.nama}
          </span>
        )}
      </div>
      <button
        type="button"
        className="button button-ghost"
        disabled={logout.isPending}
        onClick={() => logout.mutate(undefined, { onSuccess: () => navigate('/login', { replace: true }) })}
      >
        Keluar
      </button>
    </div>
  );
}
