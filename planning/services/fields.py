"""What a caller may set through each planning service: the keyword arguments, named and typed.

Every key is optional (`total=False`): an update changes only what it is given. The serializers produce these
dictionaries; the services take them as `**fields: Unpack[...]`.
"""

from decimal import Decimal
from typing import TypedDict

from organisation.models import PerangkatDaerah
from planning.models import (
    Misi,
    ProgramRpjmd,
    Renja,
    RenjaKegiatan,
    RenjaProgram,
    RenjaSubKegiatan,
    Renstra,
    RenstraKegiatan,
    RenstraProgram,
    RenstraSasaran,
    RenstraSubKegiatan,
    RenstraTujuan,
    Rpjmd,
    Sasaran,
    Strategi,
    Tujuan,
)
from reference.models import Nomenklatur, SumberDana


class DocumentFields(TypedDict, total=False):
    """RPJMD, Renstra, RKPD and Renja headers."""

    tahun: int
    tahun_awal: int
    tahun_akhir: int
    visi: str
    dasar_hukum: str
    tema: str
    prioritas_pembangunan: str
    perangkat_daerah: PerangkatDaerah
    rpjmd: Rpjmd


class ItemFields(TypedDict, total=False):
    """Rows inside a document, misi … sub kegiatan (each model takes its own subset)."""

    rpjmd: Rpjmd
    renstra: Renstra
    renja: Renja
    misi: Misi
    tujuan: Tujuan | RenstraTujuan
    sasaran: Sasaran | RenstraSasaran | None
    sasaran_rpjmd: Sasaran | None
    strategi: Strategi
    program: RenstraProgram | RenjaProgram
    kegiatan: RenstraKegiatan | RenjaKegiatan
    nomor: int
    uraian: str
    nomenklatur: Nomenklatur
    perangkat_daerah: PerangkatDaerah
    prioritas_nasional: bool
    prioritas_provinsi: bool
    prioritas_daerah: bool
    spm: bool
    lokasi: list[str]
    lokasi_uraian: str
    bulan_mulai: int
    bulan_selesai: int
    sumber_dana: SumberDana | None
    pagu_indikatif: Decimal


class IndikatorFields(TypedDict, total=False):
    """An indicator, on exactly one of the plan rows named by its owner keys."""

    tujuan: Tujuan | None
    sasaran: Sasaran | None
    program_rpjmd: ProgramRpjmd | None
    renstra_tujuan: RenstraTujuan | None
    renstra_sasaran: RenstraSasaran | None
    renstra_program: RenstraProgram | None
    renstra_kegiatan: RenstraKegiatan | None
    renstra_sub_kegiatan: RenstraSubKegiatan | None
    renja_program: RenjaProgram | None
    renja_kegiatan: RenjaKegiatan | None
    renja_sub_kegiatan: RenjaSubKegiatan | None
    nama: str
    satuan: str
    polaritas: str
    aturan_tahunan: str
    jenis: str
    is_iku: bool
    baseline: Decimal | None
    target_akhir: Decimal | None


class UsulanFields(TypedDict, total=False):
    """A Musrenbang or Pokir proposal."""

    tahun: int
    jenis: str
    pengusul_jenis: str
    pengusul_nama: str
    lokasi: str
    permasalahan: str
    uraian: str
    sub_kegiatan: Nomenklatur | None
    perangkat_daerah: PerangkatDaerah | None
    volume: Decimal
    satuan: str
    perkiraan_biaya: Decimal
    prioritas: int
