"""Budget-line anomalies: pure functions, DataFrame in → DataFrame out. No Django here.

A line is flagged when one of seven rules finds it out of the ordinary; an eighth (new in this stage) only adds
weight to a flag. Each rule has a code, a reason naming its figures and a score; a line's score is the sum of its
rules' scores, and the report ranks by score, then by amount. The thresholds are the constants below.

Input columns (one row per line of the stage): int64 `line_id`, `opd_id`; str `sub_kegiatan_kode`, `akun_kode`,
`komponen`, `satuan`; float64 `volume` (the product of the line's volumes); int64 sen `harga`, `jumlah`; int64
`standar_harga_id` (0 = none) and `harga_standar` (sen, 0 = none); bool `is_ceiling`; bool `baru` (not in the stage
this one was copied from; False for a first stage).
"""

import numpy as np
import pandas as pd

from reporting.calculations import sen_to_decimal

FAR_ABOVE_STANDARD = 2.0  # harga / harga standar from which a price is far above its standard
ROBUST_Z = 3.5  # |z| above which a log price or log volume is an outlier (Iglewicz and Hoaglin)
MIN_PEERS = 5  # peers needed for a robust z-score
DOMINANT_SHARE = 0.8  # one komponen's share of its sub kegiatan
DOMINANT_MIN_LINES = 3
ROUND_STEP_SEN = 10_000_000 * 100  # Rp 10 million
ROUND_MIN_SEN = 100_000_000 * 100  # Rp 100 million

SCORES = {
    "di_atas_standar": 3.0,
    "jauh_di_atas_standar": 2.0,  # + log2 of the ratio, at most 6 more
    "harga_pencilan": 2.0,
    "volume_ekstrem": 2.0,
    "komponen_dominan": 1.0,
    "duplikat": 1.0,
    "angka_bulat": 0.5,
    "baru": 1.0,
}
RULES = tuple(SCORES)


def _rupiah(sen: float) -> str:
    amount = sen_to_decimal(int(sen))
    return "Rp " + f"{amount:,.0f}".replace(",", ".") if amount is not None else "Rp 0"


def robust_z(values: pd.Series, groups: pd.Series) -> pd.Series:
    """0.6745 × (x − median) / MAD within each group (float64); NaN in groups smaller than `MIN_PEERS` or with a
    MAD of 0."""
    grouped = values.groupby(groups, sort=False, observed=True)
    median = grouped.transform("median")
    mad = (values - median).abs().groupby(groups, sort=False, observed=True).transform("median")
    size = grouped.transform("size")
    z = 0.6745 * (values - median) / mad.where(mad > 0)
    return z.where(size >= MIN_PEERS)


def flag(lines: pd.DataFrame) -> pd.DataFrame:
    """One boolean column per rule code and a float `z_harga`, `z_volume`, `rasio` (harga / harga standar)."""
    out = pd.DataFrame(index=lines.index)
    harga = lines["harga"].astype(np.float64)
    standar = lines["harga_standar"].astype(np.float64)
    out["rasio"] = np.where(standar > 0, harga / standar.where(standar > 0), np.nan)
    out["di_atas_standar"] = lines["is_ceiling"] & (standar > 0) & (harga > standar)
    out["jauh_di_atas_standar"] = out["rasio"] >= FAR_ABOVE_STANDARD
    peers = np.where(
        lines["standar_harga_id"] > 0,
        "s" + lines["standar_harga_id"].astype(str),
        "a" + lines["akun_kode"] + "|" + lines["satuan"].str.lower(),
    )
    out["z_harga"] = robust_z(np.log(harga.clip(lower=1)), pd.Series(peers, index=lines.index))
    out["harga_pencilan"] = out["z_harga"] >= ROBUST_Z
    volume_peers = lines["akun_kode"] + "|" + lines["satuan"].str.lower()
    out["z_volume"] = robust_z(np.log(lines["volume"].clip(lower=1e-9)), volume_peers)
    out["volume_ekstrem"] = out["z_volume"] >= ROBUST_Z
    sub = [lines["opd_id"], lines["sub_kegiatan_kode"]]
    total = lines["jumlah"].groupby(sub, sort=False).transform("sum")
    count = lines["jumlah"].groupby(sub, sort=False).transform("size")
    out["share"] = lines["jumlah"] / total.where(total > 0)
    out["komponen_dominan"] = (count >= DOMINANT_MIN_LINES) & (out["share"] >= DOMINANT_SHARE)
    same = [lines["opd_id"], lines["sub_kegiatan_kode"], lines["akun_kode"], lines["komponen"].str.lower(),
            lines["harga"], lines["volume"]]  # fmt: skip
    out["duplikat"] = lines["jumlah"].groupby(same, sort=False).transform("size") > 1
    out["angka_bulat"] = (
        (lines["standar_harga_id"] == 0)
        & (lines["jumlah"] >= ROUND_MIN_SEN)
        & (lines["jumlah"] % ROUND_STEP_SEN == 0)
    )
    out["baru"] = lines["baru"].astype(bool)
    return out


def _reason(line: dict, rule: str) -> str:
    """Why `rule` flags `line` (a row of `rank`), with its figures."""
    if rule == "di_atas_standar":
        return f"Harga satuan {_rupiah(line['harga'])} di atas harga standar {_rupiah(line['harga_standar'])}"
    if rule == "jauh_di_atas_standar":
        return f"Harga satuan {line['rasio']:.0f}× harga standar {_rupiah(line['harga_standar'])}"
    if rule == "harga_pencilan":
        return f"Harga satuan jauh di atas rincian sejenis (z = {line['z_harga']:.1f})"
    if rule == "volume_ekstrem":
        return f"Volume {line['volume']:,.0f} {line['satuan']} jauh di atas rincian sejenis (z = {line['z_volume']:.1f})"
    if rule == "komponen_dominan":
        return f"Satu komponen {line['share'] * 100:.0f}% dari sub kegiatannya"
    if rule == "duplikat":
        return "Rincian kembar (sub kegiatan, akun, komponen, harga dan volume sama)"
    if rule == "angka_bulat":
        return f"Jumlah bulat {_rupiah(line['jumlah'])} tanpa standar harga"
    return "Baru muncul pada tahap ini"


def rank(lines: pd.DataFrame) -> pd.DataFrame:
    """The flagged lines ranked, without the reason texts: the input columns of those lines plus one bool column
    per rule (`baru` only where another rule flags), float64 `skor`, `rasio`, `z_harga`, `z_volume`, `share`, by
    skor then jumlah, both descending."""
    if lines.empty:
        return lines.assign(skor=pd.Series(dtype=np.float64))
    flags = flag(lines)
    hits = flags[list(RULES)].to_numpy(dtype=bool)
    flagged = hits[:, :-1].any(axis=1)  # every rule but `baru`
    hits[:, -1] &= flagged
    weights = np.array([SCORES[rule] for rule in RULES])
    skor = hits @ weights
    far = flags["jauh_di_atas_standar"].to_numpy(dtype=bool)
    skor = skor + np.where(far, np.minimum(np.log2(flags["rasio"].fillna(1).to_numpy()), 6.0), 0.0)
    positions = np.flatnonzero(flagged)
    out = lines.iloc[positions].copy()
    for column, rule in enumerate(RULES):
        out[rule] = hits[positions, column]
    out["skor"] = skor[positions]
    for name in ("rasio", "z_harga", "z_volume", "share"):
        out[name] = flags[name].to_numpy()[positions]
    return out.sort_values(["skor", "jumlah"], ascending=False, kind="stable")


def aturan(line: dict) -> list[dict[str, str]]:
    """The rules that flag `line` (a row of `rank`, as a dict), each {"kode", "alasan"}."""
    return [{"kode": rule, "alasan": _reason(line, rule)} for rule in RULES if line[rule]]


def anomalies(lines: pd.DataFrame) -> pd.DataFrame:
    """`rank` with object `aturan` (a list of {"kode", "alasan"} per line) added."""
    ranked = rank(lines)
    return ranked.assign(aturan=[aturan(line) for line in ranked.to_dict("records")])
