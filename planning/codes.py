"""Plan codes: instantiating the generic program penunjang (`X.XX.01...`) with an OPD's bidang, and back."""

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
