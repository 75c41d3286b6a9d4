"""Writes for planning. Every change checks the caller's right to the owning document and its lock here, so
API, importers, commands and the demo all obey the same rules.

One module per aggregate; every name is re-exported here, so `from planning import services` keeps working.
"""

from planning.selectors import nomenklatur_in_force, sumber_dana_in_force
from planning.services.documents import (
    COPY_PLAN,
    TRANSITIONS,
    _clone,
    _copy_contents,
    _document_derive,
    _revision_key,
    document_create,
    document_delete,
    document_revise,
    document_transition,
    document_update,
)
from planning.services.guards import (
    _require_pemda,
    _save,
    check_document_access,
    check_editable,
    document_of,
)
from planning.services.indikator import _indikator_owner, indikator_delete, indikator_save
from planning.services.items import _derive_item, item_delete, item_save
from planning.services.usulan import (
    UsulanBulkRejected,
    _check_usulan_scope,
    usulan_delete,
    usulan_review,
    usulan_review_bulk,
    usulan_save,
)
from planning.services.validation import (
    _nomenklatur_in_force,
    _opd_of_item,
    _owner_field_for,
    _rpjmd_sasaran_for_program,
    _validate_coded_item,
    _validate_item,
    _validate_pagu_tahunan,
    _validate_sasaran_link,
    validate_lokasi,
)

__all__ = [
    "COPY_PLAN",
    "TRANSITIONS",
    "UsulanBulkRejected",
    "_check_usulan_scope",
    "_clone",
    "_copy_contents",
    "_derive_item",
    "_document_derive",
    "_indikator_owner",
    "_nomenklatur_in_force",
    "_opd_of_item",
    "_owner_field_for",
    "_require_pemda",
    "_revision_key",
    "_rpjmd_sasaran_for_program",
    "_save",
    "_validate_coded_item",
    "_validate_item",
    "_validate_pagu_tahunan",
    "_validate_sasaran_link",
    "check_document_access",
    "check_editable",
    "document_create",
    "document_delete",
    "document_of",
    "document_revise",
    "document_transition",
    "document_update",
    "indikator_delete",
    "indikator_save",
    "item_delete",
    "item_save",
    "nomenklatur_in_force",
    "sumber_dana_in_force",
    "usulan_delete",
    "usulan_review",
    "usulan_review_bulk",
    "usulan_save",
    "validate_lokasi",
]
