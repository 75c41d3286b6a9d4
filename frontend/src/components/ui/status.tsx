import type { ReactNode } from 'react';
import { statusHint } from '@/lib/api-errors';
import { errorMessage } from '@/lib/error-message';

export function Loading({ label = 'Memuat…' }: { label?: string }) {
  return (
    <p className="status status-loading" role="status">
      {label}
    </p>
  );
}

/** The server's message, what the status means for the person (403/404/409/412), and a retry when it may help. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const hint = statusHint(error);
  return (
    <div className="alert alert-error" role="alert">
      <span>
        {errorMessage(error)}
        {hint && <span className="alert-hint"> {hint}</span>}
      </span>
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          Coba lagi
        </button>
      )}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="status status-empty">{children}</p>;
}
