"""A worker killed in the middle of an import leaves nothing behind: the import is one transaction."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

from reference.models import Akun, ReferenceVersion

ROOT = Path(__file__).resolve().parents[2]


def write_big_akun_file(path: Path) -> int:
    """Akun 5 with 40 kelompok … enough sub rincian objek codes that the insert takes a while."""
    rows = ["kode,nama", "5,BELANJA DAERAH"]
    for k in range(1, 5):
        rows.append(f"5.{k},Kelompok {k}")
        for j in range(1, 21):
            rows.append(f"5.{k}.{j:02d},Jenis {k}.{j}")
            for o in range(1, 11):
                rows.append(f"5.{k}.{j:02d}.{o:02d},Objek {o}")
                for r in range(1, 6):
                    rows.append(f"5.{k}.{j:02d}.{o:02d}.{r:02d},Rincian {r}")
                    rows.extend(
                        f"5.{k}.{j:02d}.{o:02d}.{r:02d}.{s:04d},Sub rincian {s}" for s in range(1, 16)
                    )
    path.write_text("\n".join(rows))
    return len(rows) - 1


def test_killing_the_importer_mid_write_leaves_no_row(transactional_db, tmp_path):
    # given: a large file and an import running in another process
    csv = tmp_path / "akun.csv"
    assert write_big_akun_file(csv) > 60_000
    settings = connection.settings_dict
    env = {**os.environ, "DATABASE_NAME": settings["NAME"]}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "import_reference", "akun", str(csv), "--legal-basis", "uji kill",
         "--years", "2031-2032", "--skip-checks"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    # when: the worker holds the import's advisory lock, i.e. it is inside the write transaction, kill it
    deadline = time.monotonic() + 60
    with connection.cursor() as cursor:
        while time.monotonic() < deadline and worker.poll() is None:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")
            if cursor.fetchone()[0]:
                break
            time.sleep(0.02)
    assert worker.poll() is None, "the import finished before it could be killed: make the file larger"
    time.sleep(0.3)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    # then: PostgreSQL rolled the transaction back
    assert worker.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 10
    while ReferenceVersion.objects.filter(legal_basis="uji kill").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not ReferenceVersion.objects.filter(legal_basis="uji kill").exists()
    assert not Akun.objects.filter(version__legal_basis="uji kill").exists()
