import { useCallback, useEffect, useRef } from 'react';
import { type NavigateOptions, useSearchParams } from 'react-router';

export type SearchParamsUpdate = (change: (current: URLSearchParams) => URLSearchParams, options?: NavigateOptions) => void;

/**
 * `useSearchParams`, whose updates build on the previous update even before React has rendered it.
 *
 * react-router hands its setter's callback the params of the last render, so two changes in quick succession (a
 * second filter picked while the first is still rendering) lose the first. Here each change starts from the last
 * change asked for, until the location it produced has been rendered.
 */
export function useSearchParamsState(): [URLSearchParams, SearchParamsUpdate] {
  const [params, setParams] = useSearchParams();
  const committed = useRef(params);
  const pending = useRef<URLSearchParams | null>(null);
  useEffect(() => {
    committed.current = params;
    pending.current = null;
  }, [params]);
  const update = useCallback<SearchParamsUpdate>(
    (change, options) => {
      const next = change(new URLSearchParams(pending.current ?? committed.current));
      pending.current = next;
      setParams(next, options);
    },
    [setParams],
  );
  return [params, update];
}

/** `current` with each named value set, or removed when it is empty. */
export function withValues(
  current: URLSearchParams,
  changes: Record<string, string | number | null | undefined>,
): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined || value === null || value === '') next.delete(name);
    else next.set(name, String(value));
  }
  return next;
}
