"""Schemathesis against a running Pagu with the demo loaded (`make test` runs it against the e2e server).

No generated input may give a 5xx, and every response must conform to openapi.yaml (status code, content type,
body). Bounded: a fixed seed and a few examples per operation, first as an OPD planner (refused most things,
which must conform too), then as the demo administrator (allowed nearly everything).

    python -m tests.fuzz_api --url http://127.0.0.1:8001
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Pagu-Demo-2026"
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
RUNS = [("dinkes", 1), ("admin", 3)]


def token(url: str, username: str) -> str:
    response = httpx.post(
        f"{url}/api/auth/token/", json={"username": username, "password": PASSWORD}, timeout=30
    )
    response.raise_for_status()
    return response.json()["token"]


def fuzz(url: str, username: str, examples: int) -> bool:
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "run", str(ROOT / "openapi.yaml"),
        "--url", url,
        "--header", f"Authorization: Token {token(url, username)}",
        "--checks", CHECKS,
        "--max-examples", str(examples),
        "--seed", "20261125",
        "--phases", "coverage,fuzzing",
        # signing in and out would change the credentials under the run; they have their own tests
        "--exclude-path-regex", "^/api/auth/(logout|logout-all|login|token|tokens)/",
        "--workers", "2",
        "--no-color",
        "--generation-database", "none",
    ]  # fmt: skip
    print(f"fuzz: schemathesis as {username}, {examples} example(s) per operation", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        return subprocess.run(command, cwd=scratch, check=False).returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    args = parser.parse_args()
    results = [fuzz(args.url.rstrip("/"), username, examples) for username, examples in RUNS]
    passed = sum(results)
    print(f"fuzz: {passed} passed, {len(results) - passed} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
