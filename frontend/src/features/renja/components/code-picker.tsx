import { Button, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert, Loading } from '@/components/ui/status';
import { fieldErrors } from '@/lib/api-errors';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useNomenklaturSearch, type Level, type Nomenklatur } from '../api/renja';
import { instantiate, searchTerm } from '../codes';

export const LEVEL_LABEL: Record<Level, string> = {
  program: 'Program',
  kegiatan: 'Kegiatan',
  sub_kegiatan: 'Sub kegiatan',
};

type CodePickerProps = {
  level: Level;
  /** The nomenclature row of the parent (a kegiatan's program …): only its children are offered. */
  parent?: number;
  tahun: number;
  pemdaLevel?: string;
  /** The OPD's kode: the program penunjang (`X.XX.01…`) is shown with its bidang, as the API will store it. */
  opdKode?: string;
  /** Nomenclature ids already in the plan under the same parent. */
  taken: ReadonlySet<number>;
  pending: boolean;
  error: unknown;
  onPick: (node: Nomenklatur) => void;
  onCancel: () => void;
};

/**
 * Find a program, kegiatan or sub kegiatan in the nomenclature in force for the year by a code prefix or words of
 * its name, and pick it; the API's refusal (a code not in force, not under its parent) shows under the search box.
 */
export function CodePicker({
  level,
  parent,
  tahun,
  pemdaLevel,
  opdKode,
  taken,
  pending,
  error,
  onPick,
  onCancel,
}: CodePickerProps) {
  const [typed, setTyped] = useState('');
  const q = useDebouncedValue(searchTerm(typed, opdKode));
  const search = useNomenklaturSearch({ level, parent, q, tahun, pemdaLevel });
  const label = `Cari ${LEVEL_LABEL[level].toLowerCase()}`;
  const errors = fieldErrors(error);
  const fieldError = errors.nomenklatur ?? errors.kegiatan ?? errors.program ?? errors.renja;
  const results = search.data?.results ?? [];

  return (
    <div className="code-picker">
      <TextInput
        label={label}
        description="Kode (mis. 1.02.02.2.01) atau kata dari namanya, dari nomenklatur yang berlaku."
        value={typed}
        onChange={(event) => setTyped(event.currentTarget.value)}
        error={fieldError}
        autoFocus
        type="search"
      />
      {Boolean(error) && !fieldError && <ErrorAlert error={error} />}
      {search.isFetching && <Loading label="Mencari…" />}
      {search.isError && <ErrorAlert error={search.error} />}
      {search.isSuccess && results.length === 0 && <p className="muted">Tidak ada yang cocok.</p>}
      {results.length > 0 && (
        <ul className="code-picker-results" aria-label={`Pilihan ${LEVEL_LABEL[level].toLowerCase()}`}>
          {results.map((node) => {
            const kode = instantiate(node.kode, opdKode);
            const already = taken.has(node.id);
            return (
              <li key={node.id}>
                <button
                  type="button"
                  className="code-picker-option"
                  disabled={already || pending}
                  onClick={() => onPick(node)}
                >
                  <span className="code">{kode}</span> {node.nama}
                  {already && <span className="muted"> (sudah ada)</span>}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {(search.data?.count ?? 0) > results.length && (
        <p className="muted">
          {search.data?.count} hasil; {results.length} pertama ditampilkan. Perjelas pencarian.
        </p>
      )}
      <div className="inline-form-actions">
        <Button size="xs" variant="default" onClick={onCancel}>
          Batal
        </Button>
      </div>
    </div>
  );
}
