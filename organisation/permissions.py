"""The permission matrix: role × resource → allowed actions. The README table is generated from `MATRIX`.

Letters: `r` read, `w` create/update/delete, `s` submit, `v` verify or return (and review usulan), `a` approve.
Reads are scoped to the caller's rows by `organisation.scoping`; every write is checked by `check_access` in its
service, and each request's method by `organisation.viewsets.RolePermission`. A resource's OPD roles only ever
reach their own OPD's rows.
National lists (`NATIONAL_RESOURCES`, seen by every pemda) are written by the platform operator only, whatever
a pemda role's column says.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied

from organisation.models import Role, User

ROLES = (
    Role.ADMIN,
    Role.BAPPEDA,
    Role.OPD_PLANNER,
    Role.FINANCE,
    Role.OPD_FINANCE,
    Role.LEADER,
    Role.AUDITOR,
)

# fmt: off
MATRIX: dict[str, tuple[str, ...]] = {
    #                        admin  bappeda opd_pl  finance opd_fin leader auditor
    "pemda":               ("rw",  "r",    "r",    "r",    "r",    "r",   "r"),
    "perangkat-daerah":    ("rw",  "r",    "r",    "r",    "r",    "r",   "r"),
    "user":                ("rw",  "",     "",     "",     "",     "",    "r"),
    "reference":           ("r",   "r",    "r",    "r",    "r",    "r",   "r"),
    "audit":               ("r",   "",     "",     "",     "",     "",    "r"),
    "job":                 ("r",   "r",    "r",    "r",    "r",    "",    "r"),
    # planning — s submit, v verify/return (and review usulan), a approve; OPD roles only reach their own OPD
    "rpjmd":               ("rwsva", "rwsva", "r",  "r",    "r",    "ra",  "r"),
    "renstra":             ("rwsva", "rwsva", "rws", "r",   "r",    "ra",  "r"),
    "rkpd":                ("rwsva", "rwsva", "r",  "r",    "r",    "ra",  "r"),
    "renja":               ("rwsva", "rwsva", "rws", "r",   "r",    "ra",  "r"),
    "indikator":           ("rw",  "rw",   "rw",   "r",    "r",    "r",   "r"),
    "usulan":              ("rwv", "rwv",  "rwv",  "r",    "r",    "r",   "r"),
    # budgeting — a: TAPD approval of a pergeseran beyond one sub kegiatan, and applying any pergeseran
    "standar-harga":       ("rw",  "r",    "r",    "rw",   "r",    "r",   "r"),
    "anggaran":            ("rw",  "r",    "r",    "rw",   "r",    "r",   "r"),
    "budget-line":         ("rw",  "r",    "rw",   "rw",   "rw",   "r",   "r"),
    "plafon":              ("rw",  "r",    "r",    "rw",   "r",    "r",   "r"),
    "pergeseran":          ("rwa", "r",    "r",    "rwa",  "rw",   "r",   "r"),
    # execution — OPD finance officers record their own OPD's RAK, realization and progress; TAPD/BPKAD all
    "anggaran-kas":        ("rw",  "r",    "r",    "rw",   "rw",   "r",   "r"),
    "realisasi":           ("rw",  "r",    "r",    "rw",   "rw",   "r",   "r"),
    "realisasi-fisik":     ("rw",  "r",    "r",    "rw",   "rw",   "r",   "r"),
    "realisasi-indikator": ("rw",  "rw",   "rw",   "rw",   "rw",   "r",   "r"),
    # over-DPA rule and the monthly period lock (tutup buku): BPKAD / TAPD only
    "realisasi-pengaturan": ("rw", "r",    "r",    "rw",   "r",    "r",   "r"),
    "realisasi-periode":   ("rw",  "r",    "r",    "rw",   "r",    "r",   "r"),
    # reports are read-only; rows are scoped like the data they are computed from
    "report":              ("r",   "r",    "r",    "r",    "r",    "r",   "r"),
}
# fmt: on

# Reference versions, nomenklatur, akun, sumber dana and code mappings: one list for every pemda.
NATIONAL_RESOURCES = frozenset({"reference"})


def allowed(role: str, resource: str, letter: str) -> bool:
    return letter in MATRIX[resource][ROLES.index(Role(role))]


def effective_role(user: Any) -> str:
    """A superuser acts as admin whatever role is stored."""
    return Role.ADMIN if user.is_superuser else user.role


def check_access(
    *, user: User, resource: str, letter: str, pemda_id: int, opd_ids: Iterable[int | None] = ()
) -> None:
    """The one access check of every write: the caller's role may do `letter` on `resource`, the data is of the
    caller's pemda and, for an OPD role, every OPD in `opd_ids` (the OPDs the data belongs to) is the caller's own.
    Raises PermissionDenied otherwise."""
    if not allowed(effective_role(user), resource, letter):
        raise PermissionDenied("Peran Anda tidak diizinkan melakukan tindakan ini.")
    if user.pemda_id is not None and pemda_id != user.pemda_id:
        raise PermissionDenied("Data milik pemda lain.")
    if user.is_opd_scoped and any(opd_id != user.perangkat_daerah_id for opd_id in opd_ids):
        raise PermissionDenied("Pengguna OPD hanya dapat mengubah data perangkat daerahnya sendiri.")


def matrix_markdown() -> str:
    """The matrix as the Markdown table in README.md (a test keeps the two equal)."""
    header = "| resource | " + " | ".join(role.value for role in ROLES) + " |"
    rule = "|---" * (len(ROLES) + 1) + "|"
    rows = [
        f"| `{name}` | " + " | ".join(cell or "–" for cell in cells) + " |" for name, cells in MATRIX.items()
    ]
    return "\n".join([header, rule, *rows])
