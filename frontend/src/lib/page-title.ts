import { useEffect } from 'react';

/** Sets the document title ("RPJMD · Pagu") while the page is shown, so tabs and screen readers name the page. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Pagu` : 'Pagu';
  }, [title]);
}
