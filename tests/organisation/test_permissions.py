from pathlib import Path

from organisation.permissions import matrix_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_shows_the_permission_matrix_in_force():
    assert matrix_markdown() in README.read_text(), (
        "update the permission table in README.md from matrix_markdown()"
    )
