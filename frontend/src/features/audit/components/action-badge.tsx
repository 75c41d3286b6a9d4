import { actionLabel } from '../tracked-models';

const BADGE_CLASS: Record<string, string> = {
  insert: 'badge badge-ok',
  update: 'badge badge-info',
  delete: 'badge badge-danger',
};

/** "dibuat" / "diubah" / "dihapus", coloured by action. */
export function ActionBadge({ label }: { label: string }) {
  return <span className={BADGE_CLASS[label] ?? 'badge badge-muted'}>{actionLabel(label)}</span>;
}
