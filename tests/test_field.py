"""Real saved pages and feeds nobody here wrote (../shared/field): each is briefed or skipped with a one-line
reason, never a traceback, and ingesting the whole folder succeeds. Skipped when the folder is absent."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli

FIELD = Path(__file__).resolve().parents[2] / "shared" / "field"
INPUTS = sorted([*FIELD.glob("pages/**/*.html"), *(p for p in FIELD.glob("feeds/*") if p.is_file())])
needs_field = pytest.mark.skipif(not INPUTS, reason=f"no real pages and feeds at {FIELD}")


@needs_field
@pytest.mark.parametrize("path", INPUTS or [FIELD], ids=lambda path: path.name)
def test_a_real_page_or_feed_is_briefed_or_skipped_with_a_reason(path: Path) -> None:
    result = CliRunner().invoke(cli, ["brief", str(path), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    for line in result.stderr.splitlines():
        assert line.startswith("storyline: "), line
    if result.exit_code == 1:
        assert result.stderr.strip(), "a refusal says why"
    else:
        assert result.stdout.startswith("{")


@needs_field
def test_ingest_of_the_whole_field_folder_exits_0(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", str(FIELD), "--db", str(tmp_path / "field.db")])
    assert result.exit_code == 0, result.output
    assert " added" in result.stdout
    assert "Traceback" not in result.output
