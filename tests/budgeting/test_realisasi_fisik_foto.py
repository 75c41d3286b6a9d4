"""Photo evidence of realisasi fisik: the position and time come from the photo's EXIF (else from the browser), the
type is sniffed from the bytes, the size is bounded, and photos are scoped, listed and served like their entry."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image
from rest_framework.test import APIClient

from budgeting.models import RealisasiFisik, RealisasiFisikFoto, RealisasiPeriode, Tahap
from organisation.models import Role
from tests.budgeting.factories import TAHUN, AnggaranFactory, DpaLineFactory
from tests.factories import PerangkatDaerahFactory

SUB = "1.02.02.2.01.0001"
LIST = "/api/realisasi-fisik-foto/"


def jpeg(*, gps: tuple[str, tuple, str, tuple] | None = None, taken: str | None = None, orientation: int = 1,
         size: tuple[int, int] = (64, 48)) -> bytes:  # fmt: skip
    """A JPEG made here, with an EXIF GPS IFD (ref, (d, m, s), ref, (d, m, s)) and DateTimeOriginal if given."""
    exif = Image.Exif()
    if gps is not None:
        lat_ref, lat, lon_ref, lon = gps
        exif[ExifTags.IFD.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: lat_ref,
            ExifTags.GPS.GPSLatitude: lat,
            ExifTags.GPS.GPSLongitudeRef: lon_ref,
            ExifTags.GPS.GPSLongitude: lon,
        }
    if taken is not None:
        exif[ExifTags.IFD.Exif] = {ExifTags.Base.DateTimeOriginal: taken}
    exif[ExifTags.Base.Orientation] = orientation
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, "JPEG", exif=exif)
    return out.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (255, 0, 0, 128)).save(out, "PNG")
    return out.getvalue()


BANDUNG = ("S", (6.0, 54.0, 30.0), "E", (107.0, 36.0, 0.0))  # 6°54'30" S, 107°36' E


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def entry(pemda, opd, other_opd):
    dpa = AnggaranFactory(pemda=pemda, tahun=TAHUN, tahap=Tahap.DPA)
    DpaLineFactory(anggaran=dpa, perangkat_daerah=opd, sub_kegiatan_kode=SUB)
    return RealisasiFisik.objects.create(
        pemda=pemda, perangkat_daerah=opd, tahun=TAHUN, sub_kegiatan_kode=SUB, bulan=3, persen=Decimal(40)
    )


@pytest.fixture
def other_entry(pemda, other_opd):
    return RealisasiFisik.objects.create(
        pemda=pemda,
        perangkat_daerah=other_opd,
        tahun=TAHUN,
        sub_kegiatan_kode=SUB,
        bulan=3,
        persen=Decimal(10),
    )


@pytest.fixture
def officer(make_user, client_for):
    return client_for(make_user(Role.OPD_FINANCE))


def upload(client, entry, content: bytes, name: str = "foto.jpg", **fields):
    file = SimpleUploadedFile(name, content, content_type="image/jpeg")
    return client.post(f"/api/realisasi-fisik/{entry.pk}/foto/", {"file": file, **fields}, format="multipart")


def test_gps_and_time_are_read_from_the_photos_exif(officer, entry):
    response = upload(officer, entry, jpeg(gps=BANDUNG, taken="2026:03:14 10:20:30"), keterangan="Pondasi")
    assert response.status_code == 201, response.json()
    foto = response.json()
    # 6 + 54/60 + 30/3600 = 6.908333…; south is negative
    assert (foto["latitude"], foto["longitude"], foto["lokasi_sumber"]) == ("-6.908333", "107.600000", "exif")
    # EXIF time without an offset is local time (Asia/Jakarta, UTC+7)
    assert datetime.datetime.fromisoformat(foto["taken_at"]) == datetime.datetime(
        2026, 3, 14, 3, 20, 30, tzinfo=datetime.UTC
    )
    assert (foto["content_type"], foto["width"], foto["height"], foto["keterangan"]) == (
        "image/jpeg",
        64,
        48,
        "Pondasi",
    )
    assert (foto["entry"], foto["sub_kegiatan_kode"], foto["bulan"]) == (entry.pk, SUB, 3)


def test_the_exif_position_wins_over_the_browsers(officer, entry):
    response = upload(officer, entry, jpeg(gps=BANDUNG), latitude="1", longitude="2")
    assert (response.json()["latitude"], response.json()["lokasi_sumber"]) == ("-6.908333", "exif")


def test_a_photo_without_gps_takes_the_browsers_position_rounded_to_six_places(officer, entry):
    response = upload(officer, entry, jpeg(), latitude="-6.91474412345", longitude="107.6098111149")
    assert response.status_code == 201, response.json()
    foto = response.json()
    assert (foto["latitude"], foto["longitude"], foto["lokasi_sumber"]) == (
        "-6.914744",
        "107.609811",
        "browser",
    )
    assert foto["taken_at"] is None


def test_a_photo_without_any_position_has_none(officer, entry):
    foto = upload(officer, entry, png(), name="denah.png").json()
    assert (foto["latitude"], foto["longitude"], foto["lokasi_sumber"], foto["content_type"]) == (
        None, None, "", "image/png"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"latitude": "91", "longitude": "0"}, "latitude"), ({"latitude": "0", "longitude": "-180.5"}, "longitude"),
     ({"latitude": "-6.9"}, "longitude"), ({"latitude": "abc", "longitude": "1"}, "latitude"),
     ({"latitude": "1e40", "longitude": "1"}, "latitude")],
)  # fmt: skip
def test_a_bad_browser_position_is_400(officer, entry, fields, field):
    response = upload(officer, entry, jpeg(), **fields)
    assert (response.status_code, field in response.json()) == (400, True), response.json()
    assert not RealisasiFisikFoto.objects.exists()


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"%PDF-1.7 not a photo", "foto.jpg"),  # a PDF named .jpg
     (b"GIF89a" + bytes(40), "foto.gif"),
     (jpeg()[:200], "potong.jpg"),  # a JPEG cut short
     (b"", "kosong.jpg")],
)  # fmt: skip
def test_anything_but_a_whole_jpeg_png_or_webp_is_400(officer, entry, content, name, media):
    response = upload(officer, entry, content, name=name)
    assert response.status_code == 400, response.content
    assert "file" in response.json()
    assert not RealisasiFisikFoto.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


def test_a_photo_above_the_size_setting_is_400(officer, entry, settings):
    content = jpeg()
    settings.FOTO_MAX_BYTES = len(content) - 1
    response = upload(officer, entry, content)
    assert (response.status_code, response.data["file"][0].code) == (400, "file_too_large")
    settings.FOTO_MAX_BYTES = len(content)
    assert upload(officer, entry, content).status_code == 201


def test_the_files_are_served_through_the_scoped_api_only(officer, entry, settings):
    foto = upload(officer, entry, jpeg(gps=BANDUNG, orientation=6, size=(800, 600))).json()
    # when
    original = officer.get(foto["file_url"])
    small = officer.get(foto["thumbnail_url"], HTTP_ACCEPT="image/avif,image/webp,*/*")
    # then: the original as uploaded; the thumbnail upright (orientation 6: turned a quarter) and small
    assert (original.status_code, original["Content-Type"]) == (200, "image/jpeg")
    assert b"".join(original.streaming_content) == jpeg(gps=BANDUNG, orientation=6, size=(800, 600))
    assert Image.open(io.BytesIO(b"".join(small.streaming_content))).size == (360, 480)
    assert settings.MEDIA_URL is None  # no public URL to the files


def test_another_opd_cannot_upload_see_or_delete(
    make_user, client_for, officer, entry, other_entry, other_opd
):
    # given: a photo on each OPD's entry
    own = upload(officer, entry, jpeg()).json()
    stranger = client_for(make_user(Role.OPD_FINANCE, perangkat_daerah=other_opd))
    theirs = upload(stranger, other_entry, jpeg()).json()
    # then: each OPD lists and reaches only its own
    assert [row["id"] for row in officer.get(LIST).json()["results"]] == [own["id"]]
    assert [row["id"] for row in stranger.get(LIST).json()["results"]] == [theirs["id"]]
    assert upload(stranger, entry, jpeg()).status_code == 404
    assert stranger.get(own["file_url"]).status_code == 404
    assert stranger.get(own["thumbnail_url"]).status_code == 404
    assert stranger.delete(f"{LIST}{own['id']}/").status_code == 404
    assert RealisasiFisikFoto.objects.filter(entry=entry).count() == 1


def test_a_sub_unit_officer_reaches_the_photos_of_the_induk_only_through_its_own_scope(
    pemda, opd, make_user, client_for, officer, entry
):
    own = upload(officer, entry, jpeg()).json()
    unit = PerangkatDaerahFactory(pemda=pemda, induk=opd, kode="1.02.0.00.0.00.01.0001", nama="Puskesmas")
    unit_officer = client_for(make_user(Role.OPD_FINANCE, perangkat_daerah=unit))
    assert unit_officer.get(own["file_url"]).status_code == 404


def test_another_pemda_gets_404_and_anonymous_401(other_pemda, make_user, client_for, officer, entry):
    api_client_anonymous = APIClient()
    foto = upload(officer, entry, jpeg()).json()
    finance_elsewhere = client_for(make_user(Role.FINANCE, pemda=other_pemda))
    assert finance_elsewhere.get(LIST).json()["count"] == 0
    assert finance_elsewhere.get(foto["file_url"]).status_code == 404
    assert upload(finance_elsewhere, entry, jpeg()).status_code == 404
    for response in (
        api_client_anonymous.get(LIST),
        api_client_anonymous.get(foto["file_url"]),
        upload(api_client_anonymous, entry, jpeg()),
    ):
        assert response.status_code == 401


def test_readers_see_the_photos_but_cannot_upload(make_user, client_for, officer, entry):
    foto = upload(officer, entry, jpeg()).json()
    for role in (Role.AUDITOR, Role.LEADER, Role.BAPPEDA):
        reader = client_for(make_user(role))
        assert reader.get(foto["thumbnail_url"]).status_code == 200
        assert upload(reader, entry, jpeg()).status_code == 403
        assert reader.delete(f"{LIST}{foto['id']}/").status_code == 403


def test_the_list_filters_by_entry_month_and_sub_kegiatan(officer, entry, pemda, opd):
    april = RealisasiFisik.objects.create(
        pemda=pemda, perangkat_daerah=opd, tahun=TAHUN, sub_kegiatan_kode=SUB, bulan=4, persen=Decimal(50)
    )
    march_photo = upload(officer, entry, jpeg()).json()
    april_photo = upload(officer, april, jpeg()).json()
    assert [r["id"] for r in officer.get(LIST, {"bulan": 4}).json()["results"]] == [april_photo["id"]]
    assert [r["id"] for r in officer.get(LIST, {"entry": entry.pk}).json()["results"]] == [march_photo["id"]]
    assert officer.get(LIST, {"sub_kegiatan_kode": SUB, "tahun": TAHUN}).json()["count"] == 2
    assert officer.get(LIST, {"opd": opd.pk}).json()["count"] == 2


def test_delete_removes_the_files_while_the_month_is_open(
    officer, entry, pemda, make_user, django_capture_on_commit_callbacks
):
    foto = upload(officer, entry, jpeg()).json()
    stored = RealisasiFisikFoto.objects.get()
    names = [stored.file.name, stored.thumbnail.name]
    # given: March closed
    periode = RealisasiPeriode.objects.create(pemda=pemda, tahun=TAHUN, bulan=3)
    assert officer.delete(f"{LIST}{foto['id']}/").status_code == 409
    assert upload(officer, entry, jpeg()).status_code == 409
    # when: reopened
    RealisasiPeriode.objects.filter(pk=periode.pk).update(is_closed=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.delete(f"{LIST}{foto['id']}/")
    # then
    assert response.status_code == 204
    assert not RealisasiFisikFoto.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_deleting_the_entry_takes_its_photos_and_files(officer, entry, django_capture_on_commit_callbacks):
    upload(officer, entry, jpeg())
    name = RealisasiFisikFoto.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert officer.delete(f"/api/realisasi-fisik/{entry.pk}/").status_code == 204
    assert (RealisasiFisikFoto.objects.count(), default_storage.exists(name)) == (0, False)


def test_a_photo_whose_file_is_gone_is_404_not_500(officer, entry):
    foto = upload(officer, entry, jpeg()).json()
    default_storage.delete(RealisasiFisikFoto.objects.get().file.name)
    response = officer.get(foto["file_url"])
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
