"""Response headers: a Content-Security-Policy without inline scripts, and pages that work under it."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from organisation.models import Role

ROOT = Path(__file__).resolve().parent.parent
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", re.IGNORECASE)


def script_src(policy: str) -> str:
    return next(part for part in policy.split(";") if part.strip().startswith("script-src"))


def test_every_answer_carries_a_policy_without_inline_scripts(db):
    # when
    response = APIClient().get("/api/auth/csrf/")
    # then
    policy = response["Content-Security-Policy"]
    assert "'self'" in script_src(policy)
    assert "unsafe-inline" not in script_src(policy)
    assert "unsafe-eval" not in script_src(policy)
    assert "frame-ancestors 'none'" in policy


def test_the_api_docs_load_their_scripts_from_files(db, make_user, client_for):
    # given
    client = client_for(make_user(Role.BAPPEDA))
    # when
    page = client.get("/api/docs/")
    html = page.content.decode()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    init = client.get(next(s for s in scripts if "script" in s.split("?")[-1]))
    # then
    assert page.status_code == 200
    assert "Content-Security-Policy" in page
    assert not INLINE_SCRIPT.search(html)
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in init.content.decode()


def test_the_built_spa_has_no_inline_script():
    index = settings.FRONTEND_DIST / "index.html"
    if not index.is_file():
        pytest.skip("frontend not built (npm run build)")
    assert not INLINE_SCRIPT.search(index.read_text())


def settings_secret_key(env: dict[str, str], cwd: Path) -> str:
    code = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); "
    code += "from django.conf import settings; print(settings.SECRET_KEY)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_make_run_keeps_a_random_secret_key_that_settings_read(tmp_path):
    # when: the Makefile's key rule runs twice in an empty folder
    make = ["make", "-s", "-f", str(ROOT / "Makefile"), f"PYTHON={sys.executable}", ".state/secret_key"]
    subprocess.run(make, cwd=tmp_path, check=True)
    first = (tmp_path / ".state" / "secret_key").read_text()
    subprocess.run(make, cwd=tmp_path, check=True)
    # then: one key, kept, private
    assert (tmp_path / ".state" / "secret_key").read_text() == first
    assert len(first.strip()) >= 50
    assert (tmp_path / ".state" / "secret_key").stat().st_mode & 0o077 == 0


def test_settings_prefer_the_kept_key_to_the_development_key(tmp_path):
    # given: the settings beside a kept key, and no SECRET_KEY in the environment
    project = tmp_path / "project"
    shutil.copytree(ROOT / "config", project / "config", ignore=shutil.ignore_patterns("__pycache__"))
    (project / ".state").mkdir()
    (project / ".state" / "secret_key").write_text("kept-random-key-" + "x" * 40 + "\n")
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    # when
    key = settings_secret_key(env, project)
    # then
    assert key == "kept-random-key-" + "x" * 40
