import { Button } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { formatRupiah } from '@/lib/format';
import {
  useItemCreate,
  useItemUpdate,
  type ArahKebijakan,
  type ItemKind,
  type Misi,
  type ProgramRpjmd,
  type Rpjmd,
  type Sasaran,
  type Strategi,
  type Tujuan,
} from '../api/rpjmd';
import { InlineTextForm } from './inline-text-form';

export type Selection = { kind: ItemKind; id: number } | null;

type Content = {
  misi: Misi[];
  tujuan: Tujuan[];
  sasaran: Sasaran[];
  strategi: Strategi[];
  arah: ArahKebijakan[];
  program: ProgramRpjmd[];
};

const LEVEL_LABEL: Record<ItemKind, string> = {
  misi: 'Misi',
  tujuan: 'Tujuan',
  sasaran: 'Sasaran',
  strategi: 'Strategi',
  arah: 'Arah kebijakan',
  program: 'Program prioritas',
};

type TextKind = Exclude<ItemKind, 'program'>;
const CHILD: Partial<Record<ItemKind | 'rpjmd', TextKind>> = {
  rpjmd: 'misi',
  misi: 'tujuan',
  tujuan: 'sasaran',
  sasaran: 'strategi',
  strategi: 'arah',
};

const byNomor = <T extends { nomor?: number; id: number }>(a: T, b: T) => (a.nomor ?? 0) - (b.nomor ?? 0) || a.id - b.id;

type TreeProps = {
  document: Rpjmd;
  content: Content;
  editable: boolean;
  selection: Selection;
  onSelect: (selection: Selection) => void;
  opdName: (id: number) => string;
};

/** visi → misi → tujuan → sasaran → strategi → arah kebijakan, with the program prioritas under their sasaran. */
export function RpjmdTree({ document, content, editable, selection, onSelect, opdName }: TreeProps) {
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set(content.sasaran.map((s) => `sasaran:${s.id}`)));
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState<string | null>(null);
  const update = useItemUpdate();
  const create = useItemCreate();

  const toggle = (key: string) =>
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  function addForm(parentKind: ItemKind | 'rpjmd', parentId: number, siblings: number) {
    const kind = CHILD[parentKind];
    const key = `${parentKind}:${parentId}`;
    if (!kind || !editable) return null;
    if (adding !== key) {
      return (
        <li className="no-print">
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => {
              create.reset();
              setAdding(key);
            }}
          >
            + Tambah {LEVEL_LABEL[kind].toLowerCase()}
          </Button>
        </li>
      );
    }
    return (
      <li>
        <InlineTextForm
          label={`Uraian ${LEVEL_LABEL[kind].toLowerCase()} baru`}
          pending={create.isPending}
          error={create.error}
          onCancel={() => setAdding(null)}
          onSave={(uraian) =>
            create.mutate(
              { kind, parent: parentId, body: { uraian, nomor: siblings + 1 } },
              {
                onSuccess: (row) => {
                  setAdding(null);
                  onSelect({ kind, id: row.id });
                },
              },
            )
          }
        />
      </li>
    );
  }

  function node(
    kind: ItemKind,
    row: { id: number; nomor?: number; uraian?: string },
    text: ReactNode,
    children: ReactNode,
    extra?: ReactNode,
  ) {
    const key = `${kind}:${row.id}`;
    const open = !collapsed.has(key);
    const selected = selection?.kind === kind && selection.id === row.id;
    const hasChildren = Boolean(children);
    return (
      <li key={key} className="plan-node">
        <div className={selected ? 'plan-node-row is-selected' : 'plan-node-row'}>
          {hasChildren ? (
            <button
              type="button"
              className="plan-node-toggle"
              aria-expanded={open}
              aria-label={`${open ? 'Tutup' : 'Buka'} ${LEVEL_LABEL[kind]} ${row.nomor ?? ''}`}
              onClick={() => toggle(key)}
            >
              {open ? '▾' : '▸'}
            </button>
          ) : (
            <span className="plan-node-toggle" aria-hidden="true" />
          )}
          <span className="plan-node-level">
            {LEVEL_LABEL[kind]} {kind !== 'program' && row.nomor}
          </span>
          {editing === key && kind !== 'program' ? (
            <InlineTextForm
              label={`Uraian ${LEVEL_LABEL[kind].toLowerCase()}`}
              initial={row.uraian}
              pending={update.isPending}
              error={update.error}
              onCancel={() => setEditing(null)}
              onSave={(uraian) =>
                update.mutate(
                  { kind, id: row.id, body: { uraian, version: (row as { version?: number }).version } },
                  { onSuccess: () => setEditing(null) },
                )
              }
            />
          ) : (
            <>
              <button
                type="button"
                className="plan-node-text link-button"
                aria-pressed={selected}
                onClick={() => onSelect({ kind, id: row.id })}
              >
                {text}
              </button>
              {extra}
              {editable && kind !== 'program' && (
                <Button
                  size="compact-xs"
                  variant="default"
                  className="no-print"
                  aria-label={`Ubah ${LEVEL_LABEL[kind].toLowerCase()} ${row.nomor ?? ''}`}
                  onClick={() => {
                    update.reset();
                    setEditing(key);
                  }}
                >
                  Ubah
                </Button>
              )}
            </>
          )}
        </div>
        {open && hasChildren && <ul>{children}</ul>}
      </li>
    );
  }

  const misi = [...content.misi].sort(byNomor);
  return (
    <ul className="plan-tree" aria-label={`Pohon RPJMD ${document.tahun_awal}–${document.tahun_akhir}`}>
      {misi.map((m) => {
        const tujuan = content.tujuan.filter((t) => t.misi === m.id).sort(byNomor);
        return node(
          'misi',
          m,
          m.uraian,
          <>
            {tujuan.map((t) => {
              const sasaran = content.sasaran.filter((s) => s.tujuan === t.id).sort(byNomor);
              return node(
                'tujuan',
                t,
                t.uraian,
                <>
                  {sasaran.map((s) => {
                    const strategi = content.strategi.filter((x) => x.sasaran === s.id).sort(byNomor);
                    const programs = content.program.filter((p) => p.sasaran === s.id).sort((a, b) => a.kode.localeCompare(b.kode));
                    return node(
                      'sasaran',
                      s,
                      s.uraian,
                      <>
                        {strategi.map((st) =>
                          node(
                            'strategi',
                            st,
                            st.uraian,
                            <>
                              {content.arah
                                .filter((a) => a.strategi === st.id)
                                .sort(byNomor)
                                .map((a) => node('arah', a, a.uraian, null))}
                              {addForm('strategi', st.id, content.arah.filter((a) => a.strategi === st.id).length)}
                            </>,
                          ),
                        )}
                        {addForm('sasaran', s.id, strategi.length)}
                        {programs.map((p) =>
                          node(
                            'program',
                            p,
                            <>
                              <span className="code">{p.kode}</span> {p.nama}
                            </>,
                            null,
                            <span className="plan-node-pagu" title="Pagu indikatif selama periode">
                              {formatRupiah(sumPagu(p))} <span className="muted">· {opdName(p.perangkat_daerah)}</span>
                            </span>,
                          ),
                        )}
                      </>,
                    );
                  })}
                  {addForm('tujuan', t.id, sasaran.length)}
                </>,
              );
            })}
            {addForm('misi', m.id, tujuan.length)}
          </>,
        );
      })}
      {addForm('rpjmd', document.id, misi.length)}
    </ul>
  );
}

/** The period's pagu indikatif of a program, summed in sen so no float ever rounds it. */
export function sumPagu(program: Pick<ProgramRpjmd, 'pagu_tahunan'>): string {
  let sen = 0n;
  for (const row of program.pagu_tahunan ?? []) {
    const [whole = '0', fraction = ''] = row.pagu.replace('-', '').split('.');
    const value = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
    sen += row.pagu.startsWith('-') ? -value : value;
  }
  const negative = sen < 0n;
  const abs = negative ? -sen : sen;
  return `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

