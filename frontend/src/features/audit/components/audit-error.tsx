import { ApiError } from '@/api/client';
import { ErrorAlert } from '@/components/ui/status';

/** A refused read says who may read the audit trail; any other failure is shown as usual. */
export function AuditError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof ApiError && error.status === 403) {
    return (
      <div className="alert alert-error" role="alert">
        <span>
          Anda tidak memiliki akses ke riwayat perubahan. Jejak audit hanya dapat dilihat oleh Auditor (Inspektorat)
          dan Administrator.
        </span>
      </div>
    );
  }
  return <ErrorAlert error={error} onRetry={onRetry} />;
}
