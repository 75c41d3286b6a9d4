"""The built SPA and the collected static files are served compressed, and hashed names are cached for a year."""

import gzip
import re
from pathlib import Path

import brotli
import pytest
from django.test import Client, override_settings

ONE_YEAR = 365 * 24 * 60 * 60
BUNDLE = b"export const pagu = 'Rp 1.234.567,89';\n" * 200


def write_compressed(path: Path, data: bytes) -> None:
    """What `npm run build` (and collectstatic, for /static/) leaves beside each file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(data))
    path.with_name(path.name + ".br").write_bytes(brotli.compress(data))


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    write_compressed(root / "assets" / "index-B1x2_y3-.js", BUNDLE)
    write_compressed(root / "favicon.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>" * 20)
    return root


def max_age(cache_control: str) -> int:
    match = re.search(r"max-age=(\d+)", cache_control)
    return int(match.group(1)) if match else 0


def served(root: Path, url: str, accept_encoding: str, static_root: Path | None = None):
    # WhiteNoise reads its settings and scans its folders when the middleware is built: a new client builds it.
    with override_settings(WHITENOISE_ROOT=root, STATIC_ROOT=static_root or root.parent / "no-static"):
        return Client().get(url, HTTP_ACCEPT_ENCODING=accept_encoding)


def test_a_hashed_bundle_is_cached_for_a_year_and_sent_compressed(dist: Path):
    # given the built SPA
    # when a browser asks for a hashed asset, accepting gzip
    response = served(dist, "/assets/index-B1x2_y3-.js", "gzip")

    # then
    assert response.status_code == 200
    # WhiteNoise's "forever" is ten years (max-age=315360000); at least one is what immutable caching needs
    assert max_age(response["Cache-Control"]) >= ONE_YEAR
    assert "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(response.streaming_content)) == BUNDLE


def test_brotli_is_preferred_when_the_browser_accepts_it(dist: Path):
    response = served(dist, "/assets/index-B1x2_y3-.js", "gzip, deflate, br")

    assert response["Content-Encoding"] == "br"
    assert brotli.decompress(b"".join(response.streaming_content)) == BUNDLE


def test_a_file_without_a_hash_is_not_cached_forever(dist: Path):
    # given a file whose name does not change when its content does
    # when
    response = served(dist, "/favicon.svg", "gzip")

    # then it may be compressed but must be revalidated soon
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert max_age(response["Cache-Control"]) < ONE_YEAR


def test_a_collected_static_file_with_its_manifest_hash_is_immutable(tmp_path: Path, dist: Path):
    # given a file as CompressedManifestStaticFilesStorage writes it
    static_root = tmp_path / "static"
    write_compressed(
        static_root / "rest_framework" / "css" / "default.0123456789ab.css", b"body{margin:0}" * 100
    )

    # when
    response = served(dist, "/static/rest_framework/css/default.0123456789ab.css", "br", static_root)

    # then
    assert response.status_code == 200
    assert max_age(response["Cache-Control"]) >= ONE_YEAR
    assert "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] == "br"
