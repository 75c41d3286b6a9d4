"""The permission matrix: role × resource → allowed actions. The README table is generated from `MATRIX`.

Letters: `r` read, `w` create/update/delete, `s` submit, `v` verify or return (and review usulan), `a` approve.
Row scoping (which pemda and OPD) is separate: see
`organisation.scoping`. A resource's OPD roles only ever reach their own OPD's rows.
National lists (`NATIONAL_RESOURCES`, seen by every pemda) are written by the platform operator only, whatever
a pemda role's column says.
"""

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from organisation.models import Role
from organisation.scoping import is_platform_operator

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


class RolePermission(BasePermission):
    """Checks the caller's role against `MATRIX[view.resource]` for the request's method."""

    message = "Peran Anda tidak diizinkan melakukan tindakan ini."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        resource = getattr(view, "resource", None)
        if resource is None:
            return True  # views outside the matrix (login, me, schema) guard themselves
        letter = "r" if request.method in SAFE_METHODS else "w"
        if letter == "w" and resource in NATIONAL_RESOURCES:
            return is_platform_operator(request.user)
        return allowed(effective_role(request.user), resource, letter)


def matrix_markdown() -> str:
    """The matrix as the Markdown table in README.md (a test keeps the two equal)."""
    header = "| resource | " + " | ".join(role.value for role in ROLES) + " |"
    rule = "|---" * (len(ROLES) + 1) + "|"
    rows = [
        f"| `{name}` | " + " | ".join(cell or "–" for cell in cells) + " |" for name, cells in MATRIX.items()
    ]
    return "\n".join([header, rule, *rows])
