import type { ReactNode } from 'react';
import { errorMessage } from '@/lib/error-message';

export function Loading({ label = 'Memuat…' }: { label?: string }) {
  return (
    <p className="status status-loading" role="status">
      {label}
    </p>
  );
}

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="alert alert-error" role="alert">
      <span>{errorMessage(error)}</span>
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
