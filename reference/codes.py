"""The official code formats (Permendagri 90/2019, DESIGN.md section 4): levels, parents and the K digit."""

import re

# `normalize_code` lives in the import toolkit, so that the organisation floor (the OPD list) uses it too
from config.tabular import CODE_PART_WIDTHS, clean_code
from config.tabular import normalize_code as normalize_code
from organisation.models import PemdaLevel

# Nomenclature: a digit or X for urusan, two for bidang/program, the K digit, two for kegiatan, four for sub kegiatan.
NOMENKLATUR_PATTERNS = {
    1: re.compile(r"^[0-9X]$"),
    2: re.compile(r"^[0-9X]\.(\d{2}|XX)$"),
    3: re.compile(r"^[0-9X]\.(\d{2}|XX)\.\d{2}$"),
    4: re.compile(r"^[0-9X]\.(\d{2}|XX)\.\d{2}\.\d\.\d{2}$"),
    5: re.compile(r"^[0-9X]\.(\d{2}|XX)\.\d{2}\.\d\.\d{2}\.\d{4}$"),
}
NOMENKLATUR_PARTS_TO_LEVEL = {1: 1, 2: 2, 3: 3, 5: 4, 6: 5}

# Akun and sumber dana: X, X.X, X.X.XX, X.X.XX.XX, X.X.XX.XX.XX, X.X.XX.XX.XX.XXXX
ACCOUNT_PATTERN = re.compile(r"^\d(\.\d(\.\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?)?)?$")

# The K digit of a kegiatan code: 1 provinsi, 2 kab/kota; other values mark special regions.
K_FOR_LEVEL = {PemdaLevel.PROVINSI: "1", PemdaLevel.KABKOTA: "2"}


def nomenklatur_level(kode: str) -> int | None:
    """1 urusan … 5 sub kegiatan, or None when `kode` is not a well-formed nomenclature code."""
    level = NOMENKLATUR_PARTS_TO_LEVEL.get(kode.count(".") + 1)
    return level if level is not None and NOMENKLATUR_PATTERNS[level].match(kode) else None


def nomenklatur_parent(kode: str) -> str | None:
    parts = kode.split(".")
    if len(parts) == 1:
        return None
    # a kegiatan (5 parts) hangs on its program (3 parts): the K digit is not a level of its own
    return ".".join(parts[:3] if len(parts) == 5 else parts[:-1])


def kegiatan_k(kode: str) -> str | None:
    parts = kode.split(".")
    return parts[3] if len(parts) >= 5 else None


def k_conflicts_with_level(kode: str, pemda_level: str) -> bool:
    """A kegiatan/sub kegiatan whose K digit belongs to the other pemda level (1 in a kab/kota list, 2 in a provinsi one)."""
    k = kegiatan_k(kode)
    other = {PemdaLevel.PROVINSI: PemdaLevel.KABKOTA, PemdaLevel.KABKOTA: PemdaLevel.PROVINSI}.get(
        pemda_level
    )
    return k is not None and other is not None and k == K_FOR_LEVEL[other]


def account_level(kode: str) -> int | None:
    """1–6 for a well-formed akun / sumber dana code, else None."""
    return kode.count(".") + 1 if ACCOUNT_PATTERN.match(kode) else None


def account_parent(kode: str) -> str | None:
    return kode.rsplit(".", 1)[0] if "." in kode else None


# Level names, used as the keys of an import's per-level counts and to read a `level` column.
NOMENKLATUR_LEVEL_NAMES = {1: "urusan", 2: "bidang_urusan", 3: "program", 4: "kegiatan", 5: "sub_kegiatan"}
ACCOUNT_LEVEL_NAMES = {
    1: "akun",
    2: "kelompok",
    3: "jenis",
    4: "objek",
    5: "rincian_objek",
    6: "sub_rincian_objek",
}

# Width of each part when a code is split over one column per level and Excel dropped the zero padding.
NOMENKLATUR_PART_WIDTHS = (1, 2, 2, None, 4)  # kegiatan is "K.XX" and handled on its own
ACCOUNT_PART_WIDTHS = CODE_PART_WIDTHS["akun"]


# The urusan of Permendagri 90/2019: the first part of every nomenclature code. A flat export that names only the
# bidang still hangs each bidang on one of these. The generic `X` is named as the Kepmendagri annex names it.
URUSAN = {
    "1": "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR",
    "2": "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR",
    "3": "URUSAN PEMERINTAHAN PILIHAN",
    "4": "UNSUR PENDUKUNG URUSAN PEMERINTAHAN",
    "5": "UNSUR PENUNJANG URUSAN PEMERINTAHAN",
    "6": "UNSUR PENGAWASAN URUSAN PEMERINTAHAN",
    "7": "UNSUR KEWILAYAHAN",
    "8": "UNSUR PEMERINTAHAN UMUM",
    "9": "UNSUR KEKHUSUSAN",
    "X": "URUSAN X.XX",
}

# Parents known from the regulation that official files leave out. Sumber dana lists (Permendagri 90/2019 and the
# Kepmendagri classification) start at level 2 under 1 DANA UMUM / 2 DANA KHUSUS; the published classification
# also skips 1.2.02 while listing its children, the same group as 2.2.02. Akun roots are in DESIGN.md section 4.
IMPLICIT_PARENTS = {
    "nomenklatur": URUSAN,
    "akun": {"4": "PENDAPATAN DAERAH", "5": "BELANJA DAERAH", "6": "PEMBIAYAAN DAERAH"},
    "sumber_dana": {"1": "DANA UMUM", "2": "DANA KHUSUS", "1.2.02": "Pendapatan Transfer Antar Daerah"},
}

_CODE_NAME_RE = re.compile(r"^\s*([0-9Xx]+(?:\s*\.\s*[0-9Xx]+)*)\s+(\S.*)$", re.DOTALL)
_KEGIATAN_PART_RE = re.compile(r"^(\d)\.(\d{1,2})$")


def pad_part(value: object, width: int) -> str:
    """One part of a split code: `1` → `01` for width 2; `X`/`XX` placeholders and anything odd are left as is."""
    part = clean_code(value)
    if re.fullmatch(r"\d+\.0+", part):  # an integer that went through a float on its way to a CSV
        part = part.split(".")[0]
    return part.zfill(width) if part.isdigit() else part


def pad_kegiatan_part(value: object) -> str:
    """The kegiatan part `K.XX`: `2.01` stays; the float 2.1 (typed 2.10, trailing zero lost) becomes `2.10`."""
    if isinstance(value, float):
        return f"{value:.2f}"
    part = clean_code(value)
    match = _KEGIATAN_PART_RE.match(part)
    if match and len(match.group(2)) == 1:
        return f"{part}0"
    return part


def nomenklatur_code_from_parts(parts: list[object]) -> str:
    """Join urusan, bidang, program, kegiatan (`K.XX`), sub kegiatan parts, restoring the padding Excel lost."""
    padded = [
        pad_kegiatan_part(part) if width is None else pad_part(part, width)
        for part, width in zip(parts, NOMENKLATUR_PART_WIDTHS, strict=False)
    ]
    return ".".join(padded)


def account_code_from_parts(parts: list[object]) -> str:
    """Join akun … sub rincian objek parts, restoring the padding Excel lost (jenis 1 → 01, sub rincian 24 → 0024)."""
    return ".".join(pad_part(part, width) for part, width in zip(parts, ACCOUNT_PART_WIDTHS, strict=False))


def split_code_name(text: str) -> tuple[str, str] | None:
    """`"1.01.02 PROGRAM PENGELOLAAN PENDIDIKAN"` → `("1.01.02", "PROGRAM PENGELOLAAN PENDIDIKAN")`, else None."""
    match = _CODE_NAME_RE.match(text)
    if not match:
        return None
    return clean_code(match.group(1)), " ".join(match.group(2).split())


def extends_parent(kode: str, parent_kode: str) -> bool:
    """True when `kode` is a child code of `parent_kode` (the invariant every stored tree keeps)."""
    return kode.startswith(parent_kode + ".")


# Plan codes: the generic program penunjang (`X.XX.01...`) instantiated with an OPD's bidang, and back.

GENERIC_BIDANG = "X.XX"


def opd_bidang(opd_kode: str) -> str:
    """The first bidang urusan (`U.BB`) of an OPD code `U.BB.U.BB.U.BB.NN.SSSS`."""
    return opd_kode[:4]


def opd_bidang_all(opd_kode: str) -> list[str]:
    """Every bidang urusan of an OPD code (up to three; `0.00` means none)."""
    parts = opd_kode.split(".")
    found = [f"{parts[i]}.{parts[i + 1]}" for i in (0, 2, 4) if len(parts) > i + 1]
    return [b for b in found if b != "0.00"]


def is_generic(kode: str) -> bool:
    return kode.startswith(GENERIC_BIDANG)


def instantiate(kode: str, opd_kode: str) -> str:
    """`X.XX.01.2.01.0001` → `1.02.01.2.01.0001` for an OPD whose kode starts `1.02`; other codes unchanged."""
    return opd_bidang(opd_kode) + kode[len(GENERIC_BIDANG) :] if is_generic(kode) else kode


def generic_of(kode: str) -> str | None:
    """The generic code a program-penunjang code was instantiated from (`1.02.01...` → `X.XX.01...`), else None."""
    parts = kode.split(".")
    if len(parts) >= 3 and parts[2] == "01" and not is_generic(kode):
        return GENERIC_BIDANG + kode[4:]
    return None
