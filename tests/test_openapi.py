from pathlib import Path

import pytest
from django.core.management import call_command

OPENAPI = Path(__file__).resolve().parent.parent / "openapi.yaml"


def test_schema_generates_without_warnings_and_equals_the_committed_contract(tmp_path):
    # given
    generated = tmp_path / "openapi.yaml"
    # when: --fail-on-warn turns every drf-spectacular warning into an error
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    # then
    if generated.read_text() != OPENAPI.read_text():
        pytest.fail(
            "openapi.yaml is stale: run `make schema` and commit openapi.yaml and frontend/src/api/schema.d.ts"
        )
