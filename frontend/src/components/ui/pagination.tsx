import { formatNumber } from '@/lib/format';

type PaginationProps = {
  page: number;
  pageSize: number;
  count: number;
  onPageChange: (page: number) => void;
};

export function Pagination({ page, pageSize, count, onPageChange }: PaginationProps) {
  const first = count === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, count);
  const pages = Math.max(1, Math.ceil(count / pageSize));
  return (
    <nav className="pagination" aria-label="Halaman">
      <span>
        Menampilkan {formatNumber(first)}–{formatNumber(last)} dari {formatNumber(count)}
      </span>
      <button type="button" className="button button-small" disabled={page <= 1} onClick={() => onPageChange(page - 1)}>
        Sebelumnya
      </button>
      <span>
        Halaman {page} / {pages}
      </span>
      <button
        type="button"
        className="button button-small"
        disabled={page >= pages}
        onClick={() => onPageChange(page + 1)}
      >
        Berikutnya
      </button>
    </nav>
  );
}
