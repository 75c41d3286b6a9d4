import pytest

from organisation.models import PemdaLevel
from reference import codes


@pytest.mark.parametrize(
    ("kode", "level"),
    [
        ("1", 1),
        ("X", 1),
        ("1.02", 2),
        ("X.XX", 2),
        ("1.02.02", 3),
        ("X.XX.01", 3),
        ("1.02.02.2.01", 4),
        ("1.01.01.2.01.0001", 5),
        ("X.XX.01.2.01.0001", 5),
        ("1.2", None),
        ("1.02.02.2", None),
        ("1.01.01.2.01.001", None),
        ("1.01.01.2.01.00001", None),
        ("", None),
    ],
)
def test_nomenklatur_level(kode, level):
    # given a code / when its level is read / then it matches the official formats only
    assert codes.nomenklatur_level(kode) == level


def test_nomenklatur_parent_skips_the_k_digit():
    # given codes at each level
    # when their parents are taken
    # then a kegiatan hangs on its program, not on "program.K"
    assert codes.nomenklatur_parent("1") is None
    assert codes.nomenklatur_parent("1.02") == "1"
    assert codes.nomenklatur_parent("1.02.02") == "1.02"
    assert codes.nomenklatur_parent("1.02.02.2.01") == "1.02.02"
    assert codes.nomenklatur_parent("1.02.02.2.01.0003") == "1.02.02.2.01"


def test_k_conflicts_with_level():
    # given kegiatan codes with K 1 (provinsi), 2 (kab/kota) and 7 (special region)
    # when checked against each pemda level
    # then only the other level's K conflicts
    assert codes.k_conflicts_with_level("1.01.02.1.01", PemdaLevel.KABKOTA)
    assert not codes.k_conflicts_with_level("1.01.02.2.01", PemdaLevel.KABKOTA)
    assert codes.k_conflicts_with_level("1.01.02.2.01.0001", PemdaLevel.PROVINSI)
    assert not codes.k_conflicts_with_level("1.01.02.7.01", PemdaLevel.KABKOTA)
    assert not codes.k_conflicts_with_level("1.01.02", PemdaLevel.KABKOTA)


@pytest.mark.parametrize(
    ("kode", "level"),
    [("5", 1), ("5.1", 2), ("5.1.02", 3), ("5.1.02.01", 4), ("5.1.02.01.01", 5), ("5.1.02.01.01.0024", 6)],
)
def test_account_level_and_parent(kode, level):
    # given a well-formed akun code / when read / then its level and parent follow the dots
    assert codes.account_level(kode) == level
    assert codes.account_parent(kode) == (kode.rsplit(".", 1)[0] if level > 1 else None)


@pytest.mark.parametrize("kode", ["5.01", "5.1.2", "5.1.02.01.01.24", "51", "5.1.02.01.01.00240"])
def test_account_level_rejects_malformed(kode):
    assert codes.account_level(kode) is None


def test_pad_part_restores_excel_padding():
    # given parts as Excel stored them (numbers, floats, placeholders)
    # when padded / then the official widths come back and placeholders stay
    assert codes.pad_part(1, 2) == "01"
    assert codes.pad_part(1.0, 4) == "0001"
    assert codes.pad_part("24", 4) == "0024"
    assert codes.pad_part("1.0", 2) == "01"
    assert codes.pad_part("XX", 2) == "XX"
    assert codes.pad_part(" 10 ", 2) == "10"


def test_pad_kegiatan_part():
    # given "K.XX" as text, and as a float that lost its trailing zero
    # when padded / then both read as two digits after K
    assert codes.pad_kegiatan_part("2.01") == "2.01"
    assert codes.pad_kegiatan_part(2.01) == "2.01"
    assert codes.pad_kegiatan_part(2.1) == "2.10"
    assert codes.pad_kegiatan_part("2.1") == "2.10"


def test_code_from_parts():
    # given split codes as in the official annexes
    # when joined / then they are whole, padded codes
    assert codes.nomenklatur_code_from_parts(["X", "XX", 1, "2.01", 1]) == "X.XX.01.2.01.0001"
    assert codes.nomenklatur_code_from_parts([1, 1, 2]) == "1.01.02"
    assert codes.nomenklatur_code_from_parts([2, 10, 3, "3.01", 100]) == "2.10.03.3.01.0100"
    assert codes.account_code_from_parts([5, 1, 2, 1, 1, 24]) == "5.1.02.01.01.0024"
    assert codes.account_code_from_parts([5]) == "5"


def test_split_code_name():
    # given "code name" cells of a flat SIPD export
    # when split / then code and whitespace-normalised name come apart
    assert codes.split_code_name("1.01.02 PROGRAM  PENGELOLAAN\nPENDIDIKAN") == (
        "1.01.02",
        "PROGRAM PENGELOLAAN PENDIDIKAN",
    )
    assert codes.split_code_name("x.xx.01 PROGRAM PENUNJANG") == ("X.XX.01", "PROGRAM PENUNJANG")
    assert codes.split_code_name("PROGRAM TANPA KODE") is None
    assert codes.split_code_name("1.01.02") is None


def test_clean_code_and_extends_parent():
    assert codes.clean_code(" 1.01. 02 ") == "1.01.02"
    assert codes.clean_code(5.0) == "5"
    assert codes.clean_code(None) == ""
    assert codes.extends_parent("1.01.02.2.01", "1.01.02")
    assert not codes.extends_parent("1.010", "1.01")
