import type { Schemas } from '@/api/client';

const LABELS: Record<Schemas['DocumentStatusEnum'], string> = {
  draft: 'Draf',
  submitted: 'Diajukan',
  verified: 'Terverifikasi',
  approved: 'Disetujui (terkunci)',
};

export function DocumentStatus({ status }: { status: Schemas['DocumentStatusEnum'] }) {
  return <span className={`status-badge status-badge-${status}`}>{LABELS[status]}</span>;
}
