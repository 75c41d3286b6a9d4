"""The leader dashboard's maths on small literal frames; no database."""

import numpy as np
import pandas as pd
from pandas.testing import assert_frame_equal

from reporting import calculations as calc


def test_absorption_curve_is_a_share_of_pagu_and_stops_at_the_month():
    # given: Rp 10 of anggaran kas and Rp 4 of realization a month, pagu Rp 120
    lines = pd.DataFrame(
        {**{f"ak_{m}": [1000] for m in calc.MONTHS}, **{f"real_{m}": [400] for m in calc.MONTHS}}
    )
    series = calc.monthly_series(lines)
    # when
    curve = calc.absorption_curve(series, pagu=12000, bulan=3)
    # then
    assert curve["bulan"].tolist() == list(range(1, 13))
    assert curve["anggaran_kas_kumulatif"].tolist() == [1000 * m for m in range(1, 13)]
    assert curve["realisasi_kumulatif"].tolist()[:3] == [400, 800, 1200]
    assert curve["realisasi_kumulatif"].isna().tolist() == [False] * 3 + [True] * 9
    assert np.allclose(curve["persen_rak_kumulatif"], [100 * m / 12 for m in range(1, 13)])
    assert np.allclose(curve["persen_realisasi_kumulatif"][:3], [400 / 120, 800 / 120, 1200 / 120])
    assert curve["persen_realisasi_kumulatif"][3:].isna().all()


def test_absorption_curve_of_a_zero_pagu_has_no_percentages():
    # given
    lines = pd.DataFrame({**{f"ak_{m}": [0] for m in calc.MONTHS}, **{f"real_{m}": [0] for m in calc.MONTHS}})
    # when
    curve = calc.absorption_curve(calc.monthly_series(lines), pagu=0, bulan=12)
    # then
    assert curve["persen_rak_kumulatif"].isna().all()
    assert curve["persen_realisasi_kumulatif"].isna().all()
    assert curve["realisasi_kumulatif"].tolist() == [0] * 12


def test_peringkat_ranks_the_largest_first_ties_in_order_and_unknown_last():
    # when
    ranks = calc.peringkat(np.array([10.0, np.nan, 30.0, 10.0, -5.0]))
    # then
    assert ranks.tolist() == [2, 5, 1, 3, 4]


def test_opd_peringkat_sorts_by_realisasi_and_ranks_deviasi():
    # given
    rows = pd.DataFrame(
        {"k_opd": [0, 1, 2], "persen_realisasi": [20.0, 50.0, np.nan], "deviasi": [15.0, 5.0, np.nan]}
    )
    # when
    ranked = calc.opd_peringkat(rows)
    # then
    assert ranked["k_opd"].tolist() == [1, 0, 2]
    assert ranked["peringkat_realisasi"].tolist() == [1, 2, 3]
    assert ranked["peringkat_deviasi"].tolist() == [2, 1, 3]


def test_deviasi_terbesar_takes_the_largest_and_skips_unknown():
    # given
    rows = pd.DataFrame({"k_sub_kegiatan": range(6), "deviasi": [1.0, np.nan, 7.0, -2.0, 7.0, 3.0]})
    # when
    top = calc.deviasi_terbesar(rows, n=4)
    # then
    assert top["k_sub_kegiatan"].tolist() == [2, 4, 5, 0]


def test_permasalahan_terbuka_skips_blanks_and_other_sub_kegiatan_newest_first():
    # given
    fisik = pd.DataFrame(
        {
            "k_opd": np.array([0, 0, 1, 1, 1], dtype=np.int32),
            "k_sub_kegiatan": np.array([0, 1, 2, 3, 9], dtype=np.int32),
            "bulan": np.array([2, 5, 3, 4, 6], dtype=np.int64),
            "fisik_bp": np.array([2550, 100, 0, 5000, 10], dtype=np.int64),
            "permasalahan": np.array(
                ["Lahan belum bebas", "  ", "Lelang gagal", "", "Di luar tahap"], dtype=object
            ),
            "tindak_lanjut": np.array(["Koordinasi BPN", "", "", "", ""], dtype=object),
        }
    )
    rows = pd.DataFrame({"k_opd": [0, 0, 1, 1], "k_sub_kegiatan": [0, 1, 2, 3]})
    # when
    found = calc.permasalahan_terbuka(fisik, rows)
    # then
    assert found["k_sub_kegiatan"].tolist() == [2, 0]
    assert found["bulan"].tolist() == [3, 2]
    assert found["fisik"].tolist() == [0.0, 25.5]
    assert found["tindak_lanjut"].tolist() == ["", "Koordinasi BPN"]


def test_predikat_jumlah_lists_every_band_and_counts_only_known_capaian():
    # given
    indikator = pd.DataFrame(
        {
            "predikat": ["Tinggi", None, "Tinggi", "Sangat Rendah"],
            "target": [10.0, 10.0, np.nan, 4.0],
            "realisasi": [8.0, np.nan, 3.0, 1.0],
        }
    )
    # when
    counts = calc.predikat_jumlah(indikator)
    # then
    expected = pd.DataFrame(
        {
            "predikat": ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"],
            "jumlah": np.array([0, 2, 0, 0, 1], dtype=np.int64),
        }
    )
    assert_frame_equal(counts, expected)
    assert calc.capaian_tanpa_realisasi(indikator) == 1
