import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_django_deploy_checks():
    # given: the environment a production deployment sets (README, "Configuration")
    env = {
        **os.environ,
        "SECRET_KEY": "k3J!x9-production-secret-" + "q" * 40,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "pagu.example.go.id",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "SECURE_HSTS_PRELOAD": "true",
    }
    # when
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    # then
    assert result.returncode == 0, result.stdout + result.stderr
