"""The layer contracts of pyproject.toml ([tool.importlinter]) hold, and they do fail when a layer is crossed.

`make lint` runs `lint-imports` on the tree itself; this test copies the tree, adds one import that runs up a floor
(or brings pandas into an app), and checks that the same command and contracts refuse it.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "config",
    "organisation",
    "ops",
    "reference",
    "planning",
    "budgeting",
    "reporting",
    "demo",
    "bench",
    "tests",
)


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("tree")
    shutil.copy(ROOT / "pyproject.toml", copy)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, copy / package, ignore=shutil.ignore_patterns("*.pyc", "__pycache__"))
    return copy


@pytest.mark.parametrize(
    ("module", "source", "contract"),
    [
        ("planning/_upward.py", "import reporting\n", "never upward"),
        ("config/_upward.py", "from organisation import models\n", "never upward"),
        ("budgeting/_bench.py", "import bench\n", "never upward"),
        ("budgeting/_frames.py", "import pandas\n", "only in reporting"),
        ("reporting/anomalies.py", "from django.db import connection\n", "are pure"),
    ],
)
def test_a_crossed_layer_fails_the_lint(tree: Path, module: str, source: str, contract: str) -> None:
    # given: the tree with one offending module (a new one, or an existing one given the bad import)
    offender = tree / module
    original = offender.read_text() if offender.exists() else None
    offender.write_text(source + (original or ""))
    try:
        # when
        result = lint_imports(tree)
    finally:
        if original is None:
            offender.unlink()
        else:
            offender.write_text(original)
    # then
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout
    assert contract in result.stdout.replace("\n", " ")
    assert module.removesuffix(".py").replace("/", ".") in result.stdout


def test_the_tree_as_it_is_keeps_every_contract(tree: Path) -> None:
    # when
    result = lint_imports(tree)
    # then
    assert result.returncode == 0, result.stdout
    assert "0 broken" in result.stdout
