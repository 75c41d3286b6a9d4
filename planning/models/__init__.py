"""Planning documents (RPJMD, Renstra, RKPD, Renja), their contents, indicators and community proposals.

Every document runs draft → submitted → verified → approved; an approved document is locked and changes only
through a new revision (a draft copy, `revisi` n+1). Contents carry a direct key to their document so the lock
and the scope are one lookup away. Money is Decimal(20, 2); targets are Decimal with a `satuan`.

One module per aggregate; every model is re-exported here.
"""

from planning.models.base import (
    MONEY,
    MONTH,
    YEAR,
    AturanTahunan,
    CodedItem,
    DocumentStatus,
    IndikatorJenis,
    PlanDocument,
    Polaritas,
    PriorityLabels,
    aturan_for_satuan,
)
from planning.models.indikator import (
    INDIKATOR_OWNERS,
    PAGU_OWNERS,
    Indikator,
    IndikatorTarget,
    PaguTahunan,
    _owner,
)
from planning.models.locks import LOCKED_CONTENT, document_lock_trigger
from planning.models.renja import Renja, RenjaKegiatan, RenjaProgram, RenjaSubKegiatan
from planning.models.renstra import (
    Renstra,
    RenstraContent,
    RenstraKegiatan,
    RenstraProgram,
    RenstraSasaran,
    RenstraSubKegiatan,
    RenstraTujuan,
)
from planning.models.rkpd import Rkpd
from planning.models.rpjmd import (
    ArahKebijakan,
    Misi,
    ProgramRpjmd,
    Rpjmd,
    RpjmdContent,
    Sasaran,
    Strategi,
    Tujuan,
)
from planning.models.usulan import Pengusul, TahapUsulan, Usulan, UsulanJenis, UsulanReview, UsulanStatus

__all__ = [
    "INDIKATOR_OWNERS",
    "LOCKED_CONTENT",
    "MONEY",
    "MONTH",
    "PAGU_OWNERS",
    "YEAR",
    "ArahKebijakan",
    "AturanTahunan",
    "CodedItem",
    "DocumentStatus",
    "Indikator",
    "IndikatorJenis",
    "IndikatorTarget",
    "Misi",
    "PaguTahunan",
    "Pengusul",
    "PlanDocument",
    "Polaritas",
    "PriorityLabels",
    "ProgramRpjmd",
    "Renja",
    "RenjaKegiatan",
    "RenjaProgram",
    "RenjaSubKegiatan",
    "Renstra",
    "RenstraContent",
    "RenstraKegiatan",
    "RenstraProgram",
    "RenstraSasaran",
    "RenstraSubKegiatan",
    "RenstraTujuan",
    "Rkpd",
    "Rpjmd",
    "RpjmdContent",
    "Sasaran",
    "Strategi",
    "TahapUsulan",
    "Tujuan",
    "Usulan",
    "UsulanJenis",
    "UsulanReview",
    "UsulanStatus",
    "_owner",
    "aturan_for_satuan",
    "document_lock_trigger",
]
