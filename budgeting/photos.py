"""Photo evidence of physical progress: what an uploaded image is, where and when it was taken, its thumbnail.

Pure Pillow, no database: `inspect_photo` sniffs the type from the content (never the name or the declared type),
reads the size in pixels and the EXIF `DateTimeOriginal` and GPS position; `thumbnail` makes a small JPEG turned
upright by the EXIF orientation. A file that is not a readable JPEG, PNG or WebP raises `PhotoRejected`.
"""

import datetime
import io
import warnings
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import IO, Any

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
MAX_PIXELS = 60_000_000  # a 60-megapixel photo; a larger "image" is a decompression bomb
THUMBNAIL_SIDE = 480  # px, the longer side
COORDINATE = Decimal("0.000001")  # six decimal places: about 11 cm


class PhotoRejected(ValueError):
    """The upload is not a photo Pagu keeps (the message says why, in Indonesian)."""


@dataclass(frozen=True)
class PhotoInfo:
    """`content_type` sniffed from the bytes; `width` × `height` in pixels as stored (before EXIF rotation);
    `taken_at` from EXIF DateTimeOriginal (aware when OffsetTimeOriginal is given, else naive local time);
    `latitude` / `longitude` in decimal degrees (6 places, south and west negative) from the EXIF GPS IFD."""

    content_type: str
    width: int
    height: int
    taken_at: datetime.datetime | None
    latitude: Decimal | None
    longitude: Decimal | None


def _open(file: IO[bytes]) -> Image.Image:
    file.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(file, formats=list(FORMATS))
        except (
            UnidentifiedImageError,
            Image.DecompressionBombWarning,
            Image.DecompressionBombError,
        ) as error:
            raise PhotoRejected("Berkas bukan foto JPEG, PNG atau WebP yang dapat dibaca.") from error
        except (OSError, SyntaxError, ValueError, EOFError) as error:  # the header itself is cut or corrupt
            raise PhotoRejected("Berkas foto rusak atau terpotong.") from error
    if image.width * image.height > MAX_PIXELS:
        raise PhotoRejected(f"Foto {image.width}×{image.height} piksel terlalu besar.")
    return image


def _rational(value: Any) -> Fraction | None:
    try:
        numerator, denominator = (
            (value.numerator, value.denominator) if hasattr(value, "denominator") else value
        )
        return Fraction(int(numerator), int(denominator)) if int(denominator) else None
    except (TypeError, ValueError, OverflowError):
        return None


def _degrees(parts: Any, ref: Any, *, limit: int) -> Decimal | None:
    """EXIF (degrees, minutes, seconds) rationals and a N/S/E/W reference → signed decimal degrees, or None."""
    try:
        found = [_rational(part) for part in parts]
    except TypeError:
        return None
    fractions = [part for part in found if part is not None and part >= 0]
    if len(found) != 3 or len(fractions) != 3:
        return None
    degrees, minutes, seconds = fractions
    total = degrees + minutes / 60 + seconds / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "ignore")
    sign = -1 if str(ref).strip().upper() in {"S", "W"} else 1
    try:
        value = (Decimal(total.numerator) / Decimal(total.denominator) * sign).quantize(COORDINATE)
    except InvalidOperation:
        return None
    return value if abs(value) <= limit else None


def _exif_datetime(value: Any, offset: Any) -> datetime.datetime | None:
    try:
        taken = datetime.datetime.strptime(str(value).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if offset:
        try:
            shift = datetime.datetime.strptime(str(offset).strip("\x00 "), "%z").tzinfo
        except ValueError:
            shift = None
        if shift is not None:
            return taken.replace(tzinfo=shift)
    return taken


def read_exif(image: Image.Image) -> tuple[datetime.datetime | None, Decimal | None, Decimal | None]:
    """(taken_at, latitude, longitude) from the image's EXIF; None for whatever is absent or unreadable."""
    try:
        exif = image.getexif()
        details = exif.get_ifd(ExifTags.IFD.Exif)
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except Exception:  # a broken EXIF block is no reason to refuse the photo; it only has no EXIF data
        return None, None, None
    taken_at = _exif_datetime(
        details.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime),
        details.get(ExifTags.Base.OffsetTimeOriginal),
    )
    latitude = _degrees(
        gps.get(ExifTags.GPS.GPSLatitude, ()), gps.get(ExifTags.GPS.GPSLatitudeRef, "N"), limit=90
    )
    longitude = _degrees(
        gps.get(ExifTags.GPS.GPSLongitude, ()), gps.get(ExifTags.GPS.GPSLongitudeRef, "E"), limit=180
    )
    if latitude is None or longitude is None:
        latitude = longitude = None
    return taken_at, latitude, longitude


def inspect_photo(file: IO[bytes]) -> PhotoInfo:
    """What the uploaded bytes are; raises `PhotoRejected` unless a whole JPEG, PNG or WebP image."""
    image = _open(file)
    content_type = FORMATS[str(image.format)]
    taken_at, latitude, longitude = read_exif(image)
    try:
        image.load()  # a truncated or corrupt file fails here, not later in the thumbnail
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise PhotoRejected("Berkas foto rusak atau terpotong.") from error
    return PhotoInfo(content_type, image.width, image.height, taken_at, latitude, longitude)


def thumbnail(file: IO[bytes]) -> bytes:
    """A JPEG of at most THUMBNAIL_SIDE px on its longer side, turned upright by the EXIF orientation."""
    image = _open(file)
    upright = ImageOps.exif_transpose(image)
    upright.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    if upright.mode not in ("RGB", "L"):
        background = Image.new("RGB", upright.size, "white")
        background.paste(upright.convert("RGBA"), mask=upright.convert("RGBA").getchannel("A"))
        upright = background
    out = io.BytesIO()
    upright.save(out, format="JPEG", quality=80, optimize=True)
    return out.getvalue()
