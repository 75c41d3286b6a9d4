import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/** The year (and, for a platform operator, the pemda) every planning and budgeting screen works on. */
export type Period = {
  tahun: number;
  pemdaId: number | null;
  setTahun: (tahun: number) => void;
  setPemdaId: (pemdaId: number | null) => void;
};

const STORAGE_KEY = 'pagu.period';

export function currentYear(now = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(now));
}

function stored(): { tahun?: number; pemdaId?: number | null } {
  try {
    return JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? '{}') as { tahun?: number; pemdaId?: number };
  } catch {
    return {};
  }
}

const PeriodContext = createContext<Period | null>(null);

export function PeriodProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState(() => {
    const saved = stored();
    return { tahun: saved.tahun ?? currentYear(), pemdaId: saved.pemdaId ?? null };
  });
  const update = useCallback((next: Partial<typeof state>) => {
    setState((previous) => {
      const merged = { ...previous, ...next };
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(merged));
      return merged;
    });
  }, []);
  const value = useMemo<Period>(
    () => ({
      ...state,
      setTahun: (tahun) => update({ tahun }),
      setPemdaId: (pemdaId) => update({ pemdaId }),
    }),
    [state, update],
  );
  return <PeriodContext.Provider value={value}>{children}</PeriodContext.Provider>;
}

export function usePeriod(): Period {
  const period = useContext(PeriodContext);
  if (!period) throw new Error('usePeriod needs a PeriodProvider');
  return period;
}
