import type { ReactNode } from 'react';

/**
 * A table wider than the screen, scrolled sideways inside its own box: focusable and named, so a keyboard user
 * can scroll it too (axe: scrollable-region-focusable).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
