import { useEffect, useId, useState } from 'react';
import { Navigate, NavLink, useParams } from 'react-router';
import { SearchBox } from '@/components/ui/search-box';
import { EmptyState, ErrorAlert, Loading } from '@/components/ui/status';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { defaultVersion, useReferenceVersions, versionLabel } from '../api/get-reference-versions';
import { kindBySlug, REFERENCE_KINDS, type KindInfo } from '../kinds';
import { ReferenceTree } from './reference-tree';
import { SearchResults } from './search-results';
import { useSearchParamsState } from '@/lib/search-params';

function KindTabs() {
  return (
    <nav className="tabs" aria-label="Jenis referensi">
      {REFERENCE_KINDS.map((info) => (
        <NavLink key={info.kind} to={`/referensi/${info.slug}`} className="tab">
          {info.label}
        </NavLink>
      ))}
    </nav>
  );
}

function ReferenceBrowser({ info }: { info: KindInfo }) {
  const selectId = useId();
  const [searchParams, setSearchParams] = useSearchParamsState();
  const versions = useReferenceVersions(info.kind);
  const [search, setSearch] = useState(searchParams.get('q') ?? '');
  const q = useDebouncedValue(search.trim());

  useEffect(() => {
    setSearchParams(
      (params) => {
        if ((params.get('q') ?? '') === q) return params;
        const next = new URLSearchParams(params);
        if (q) next.set('q', q);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [q, setSearchParams]);

  if (versions.isPending) return <Loading />;
  if (versions.isError) return <ErrorAlert error={versions.error} onRetry={() => void versions.refetch()} />;
  const list = versions.data.results;
  const requested = Number(searchParams.get('versi'));
  const version = list.find((v) => v.id === requested) ?? defaultVersion(list);
  if (!version) return <EmptyState>Belum ada versi {info.label.toLowerCase()} yang dimuat.</EmptyState>;
  const activeQ = searchParams.get('q') ?? '';

  return (
    <>
      <div className="toolbar">
        <div className="field">
          <label htmlFor={selectId}>Versi</label>
          <select
            id={selectId}
            value={version.id}
            onChange={(event) =>
              setSearchParams((params) => {
                const next = new URLSearchParams(params);
                next.set('versi', event.target.value);
                return next;
              })
            }
          >
            {list.map((v) => (
              <option key={v.id} value={v.id}>
                {versionLabel(v)}
              </option>
            ))}
          </select>
        </div>
        <SearchBox
          label={`Cari ${info.label.toLowerCase()}`}
          placeholder="Awalan kode (mis. 1.02) atau nama"
          value={search}
          onChange={setSearch}
        />
      </div>
      {activeQ ? (
        <SearchResults info={info} version={version.id} q={activeQ} />
      ) : (
        <ReferenceTree info={info} version={version.id} />
      )}
    </>
  );
}

export function ReferencePage() {
  const { kind } = useParams();
  const info = kindBySlug(kind);
  if (!info) return <Navigate to={`/referensi/${REFERENCE_KINDS[0]!.slug}`} replace />;

  return (
    <section className="page" aria-labelledby="ref-title">
      <div className="page-header">
        <h1 id="ref-title">Referensi</h1>
        <p className="muted">Kodefikasi resmi per versi dasar hukum: nomenklatur, akun, dan sumber dana.</p>
      </div>
      <KindTabs />
      {/* keyed so switching tabs starts with a fresh search box */}
      <ReferenceBrowser key={info.kind} info={info} />
    </section>
  );
}
