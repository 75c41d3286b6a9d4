import { Button } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/status';
import { formatRupiah } from '@/lib/format';
import { useItemCreate, useItemDelete, type Level, type Renja, type RenjaContent } from '../api/renja';
import { renjaTotals } from '../codes';
import { CodePicker, LEVEL_LABEL } from './code-picker';

type TreeProps = {
  renja: Renja;
  content: RenjaContent;
  editable: boolean;
  tahun: number;
  pemdaLevel?: string;
  opdKode?: string;
  selected: number | null;
  onSelect: (subKegiatan: number) => void;
};

/** program → kegiatan → sub kegiatan, each with its pagu indikatif (Σ of its sub kegiatan), codes picked from the list. */
export function RenjaTree({ renja, content, editable, tahun, pemdaLevel, opdKode, selected, onSelect }: TreeProps) {
  const [adding, setAdding] = useState<string | null>(null);
  const create = useItemCreate();
  const remove = useItemDelete();
  const totals = renjaTotals(content);

  function addRow(
    level: Level,
    parentId: number,
    parentNomenklatur: number | undefined,
    taken: number[],
    parentKode?: string,
  ) {
    const key = `${level}:${parentId}`;
    if (!editable) return null;
    if (adding !== key) {
      return (
        <li className="no-print">
          <Button
            size="compact-xs"
            variant="subtle"
            aria-label={`Tambah ${LEVEL_LABEL[level].toLowerCase()}${parentKode ? ` di ${parentKode}` : ''}`}
            onClick={() => {
              create.reset();
              setAdding(key);
            }}
          >
            + Tambah {LEVEL_LABEL[level].toLowerCase()}
          </Button>
        </li>
      );
    }
    return (
      <li>
        <CodePicker
          level={level}
          parent={parentNomenklatur}
          tahun={tahun}
          pemdaLevel={pemdaLevel}
          opdKode={opdKode}
          taken={new Set(taken)}
          pending={create.isPending}
          error={create.error}
          onCancel={() => setAdding(null)}
          onPick={(node) =>
            create.mutate(
              { level, parent: parentId, nomenklatur: node.id },
              {
                onSuccess: (row) => {
                  setAdding(null);
                  if (level === 'sub_kegiatan') onSelect(row.id);
                },
              },
            )
          }
        />
      </li>
    );
  }

  function deleteButton(level: Level, id: number, kode: string) {
    if (!editable) return null;
    return (
      <Button
        size="compact-xs"
        variant="subtle"
        color="red"
        className="no-print"
        aria-label={`Hapus ${LEVEL_LABEL[level].toLowerCase()} ${kode}`}
        loading={remove.isPending && remove.variables?.id === id}
        onClick={() => remove.mutate({ level, id })}
      >
        Hapus
      </Button>
    );
  }

  return (
    <>
      {remove.isError && <ErrorAlert error={remove.error} />}
      <ul className="plan-tree renja-tree" aria-label="Program, kegiatan dan sub kegiatan">
        {content.program.map((program) => {
          const kegiatan = content.kegiatan.filter((k) => k.program === program.id);
          return (
            <li key={program.id} className="plan-node">
              <div className="plan-node-row">
                <span className="plan-node-level">Program</span>
                <span className="plan-node-text">
                  <span className="code">{program.kode}</span> {program.nama}
                </span>
                <span className="plan-node-pagu" aria-label={`Total program ${program.kode}`}>
                  {formatRupiah(totals.program.get(program.id))}
                </span>
                {deleteButton('program', program.id, program.kode)}
              </div>
              <ul>
                {kegiatan.map((k) => {
                  const subs = content.subKegiatan.filter((s) => s.kegiatan === k.id);
                  return (
                    <li key={k.id} className="plan-node">
                      <div className="plan-node-row">
                        <span className="plan-node-level">Kegiatan</span>
                        <span className="plan-node-text">
                          <span className="code">{k.kode}</span> {k.nama}
                        </span>
                        <span className="plan-node-pagu">{formatRupiah(totals.kegiatan.get(k.id))}</span>
                        {deleteButton('kegiatan', k.id, k.kode)}
                      </div>
                      <ul>
                        {subs.map((s) => (
                          <li key={s.id} className="plan-node">
                            <div className={`plan-node-row${selected === s.id ? ' is-selected' : ''}`}>
                              <span className="plan-node-level">Sub kegiatan</span>
                              <button
                                type="button"
                                className="plan-node-text link-button"
                                aria-current={selected === s.id ? 'true' : undefined}
                                onClick={() => onSelect(s.id)}
                              >
                                <span className="code">{s.kode}</span> {s.nama}
                              </button>
                              <span className="plan-node-pagu">{formatRupiah(s.pagu_indikatif)}</span>
                              {deleteButton('sub_kegiatan', s.id, s.kode)}
                            </div>
                          </li>
                        ))}
                        {addRow(
                          'sub_kegiatan',
                          k.id,
                          k.nomenklatur,
                          subs.map((s) => s.nomenklatur),
                          k.kode,
                        )}
                      </ul>
                    </li>
                  );
                })}
                {addRow(
                  'kegiatan',
                  program.id,
                  program.nomenklatur,
                  kegiatan.map((k) => k.nomenklatur),
                  program.kode,
                )}
              </ul>
            </li>
          );
        })}
        {addRow(
          'program',
          renja.id,
          undefined,
          content.program.map((p) => p.nomenklatur),
        )}
      </ul>
    </>
  );
}
