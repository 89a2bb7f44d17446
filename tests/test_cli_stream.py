"""The stream commands through click's test runner: ingest, stories, brief --story, watch.

Every article text here is invented for the tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_stream import CUP, FIRE_HERALD, FIRE_SIGNAL, write_jsonl

from storyline.cli import cli


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env, input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "stories.db")


def test_ingest_then_ingest_again_reports_added_then_unchanged(tmp_path: Path, db: str) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL, CUP)
    assert run("ingest", str(path), "--db", db)[:2] == (
        0,
        "3 articles: 3 added, 0 revised, 0 unchanged, in 2 stories\n",
    )
    assert run("ingest", str(path), "--db", db)[:2] == (
        0,
        "3 articles: 0 added, 0 revised, 3 unchanged, in 2 stories\n",
    )


def test_ingest_shows_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path, db: str) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL, CUP)
    code, _, stderr = run("ingest", str(path), "--db", db)
    assert (code, stderr) == (0, "")


def test_ingest_shows_a_progress_bar_with_a_rate_on_a_terminal(
    tmp_path: Path, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    import storyline.cli as cli_module

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(cli_module.sys, "stderr", terminal)
    path = write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL, CUP)
    with pytest.raises(SystemExit) as exit_code:
        cli.main(["ingest", str(path), "--db", db], prog_name="storyline")
    assert exit_code.value.code == 0
    assert "ingest: 0 articles" in terminal.getvalue()  # later updates come at most ten a second
    assert "articles/s" in terminal.getvalue()


def test_ingest_json_maps_every_input_line_to_its_article_and_story(tmp_path: Path, db: str) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, CUP)
    code, output, _ = run("ingest", str(path), "--db", db, "--format", "json")
    assert code == 0
    data = json.loads(output)
    assert [(a["origin"], a["status"]) for a in data["articles"]] == [(f"{path}:1", "added"), (f"{path}:2", "added")]


def test_ingest_reads_jsonl_from_stdin(db: str) -> None:
    code, output, _ = run("ingest", "-", "--db", db, input=json.dumps(CUP) + "\n")
    assert (code, output) == (0, "1 article: 1 added, 0 revised, 0 unchanged, in 1 story\n")


def test_stories_lists_counts_and_titles_most_recent_first(tmp_path: Path, db: str) -> None:
    run("ingest", str(write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL, CUP)), "--db", db)
    code, output, _ = run("stories", "--db", db)
    assert code == 0
    lines = output.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(CUP["title"])
    assert "2026-11-20..2026-11-20" in lines[1]
    assert "2 articles" in lines[1]
    assert "2 outlets" in lines[1]


def test_stories_json_lists_each_story_with_its_articles(tmp_path: Path, db: str) -> None:
    run("ingest", str(write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL, CUP)), "--db", db)
    code, output, _ = run("stories", "--db", db, "--format", "json", "--since", "2026-11-21")
    assert code == 0
    (story,) = json.loads(output)["stories"]
    (article,) = story["articles"]
    assert (article["url"], article["title"], article["source"]) == (CUP["url"], CUP["title"], CUP["source"])


def test_the_store_comes_from_the_environment_without_db(tmp_path: Path) -> None:
    env = {"STORYLINE_DB": str(tmp_path / "env.db")}
    assert run("ingest", str(write_jsonl(tmp_path / "a.jsonl", CUP)), env=env)[0] == 0
    assert (tmp_path / "env.db").exists()
    assert CUP["title"] in run("stories", env=env)[1]


def test_stories_without_a_store_is_one_line_and_exit_1(tmp_path: Path) -> None:
    code, _, error = run("stories", "--db", str(tmp_path / "none.db"))
    assert code == 1
    assert error.startswith("storyline: ")
    assert "storyline ingest" in error
    assert len(error.strip().splitlines()) == 1


def test_brief_story_prints_the_briefing_and_since_last_prints_what_is_new(tmp_path: Path, db: str) -> None:
    run("ingest", str(write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD)), "--db", db)
    story_id = str(json.loads(run("stories", "--db", db, "--format", "json")[1])["stories"][0]["id"])
    code, output, error = run("brief", "--story", story_id, "--since-last", "--db", db)
    assert code == 0
    assert "not briefed before" in error
    assert "reported by" in output
    run("ingest", str(write_jsonl(tmp_path / "b.jsonl", FIRE_SIGNAL)), "--db", db)
    code, output, _ = run("brief", "--story", story_id, "--since-last", "--db", db, "--format", "json")
    assert code == 0
    changes = json.loads(output)
    assert changes["schema"] == "storyline.changes/1"
    assert [a["url"] for a in changes["new_articles"]] == [FIRE_SIGNAL["url"]]


def test_brief_story_writes_json_to_a_file(tmp_path: Path, db: str) -> None:
    run("ingest", str(write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL)), "--db", db)
    target = tmp_path / "out.json"
    assert run("brief", "--story", "1", "--db", db, "--format", "json", "-o", str(target))[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["counts"]["articles"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["brief", "x.jsonl", "--story", "1"], "not both"),
        (["brief", "x.jsonl", "--since-last"], "go with --story"),
        (["brief", "--story", "1", "--since-last", "--format", "html"], "--since-last writes"),
    ],
)
def test_brief_refuses_mixed_options_with_a_usage_error(args: list[str], message: str) -> None:
    code, _, error = run(*args)
    assert code == 2
    assert message in error


def test_brief_of_an_unknown_story_points_to_storyline_stories(tmp_path: Path, db: str) -> None:
    run("ingest", str(write_jsonl(tmp_path / "a.jsonl", CUP)), "--db", db)
    code, _, error = run("brief", "--story", "99", "--db", db)
    assert code == 1
    assert error == "storyline: story 99: no such story (list the stories and their ids with: storyline stories)\n"


def test_a_store_busy_after_a_batch_reports_what_was_ingested_before_it(
    tmp_path: Path, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from storyline.stream import ingest as stream
    from storyline.stream.store import Store

    first_batch = Store.add_articles

    def busy_after_the_first(store: Store, articles: Any) -> Any:
        if store.article_count():
            raise sqlite3.OperationalError("database is locked")  # another writer took the store
        return first_batch(store, articles)

    one_at_a_time = stream.ingest
    monkeypatch.setattr(stream, "ingest", lambda store, paths, **kw: one_at_a_time(store, paths, **kw, batch_size=1))
    monkeypatch.setattr(Store, "add_articles", busy_after_the_first)
    code, _, error = run("ingest", str(write_jsonl(tmp_path / "a.jsonl", CUP, FIRE_HERALD)), "--db", db)
    assert code == 1
    assert "1 article was ingested before this error" in error
    assert "the store is busy" in error
    assert "Traceback" not in error


def test_a_bad_file_reports_what_was_ingested_before_it(tmp_path: Path, db: str) -> None:
    good = write_jsonl(tmp_path / "1.jsonl", CUP)
    bad = tmp_path / "2.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    code, _, error = run("ingest", str(good), str(bad), "--db", db, "--strict")
    assert code == 1
    assert "1 article was ingested before this error" in error
    assert "2.jsonl:1" in error


def test_ingest_skips_a_bad_file_on_one_line_and_goes_on(tmp_path: Path, db: str) -> None:
    bad = tmp_path / "1.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    empty = tmp_path / "2.txt"
    empty.write_text("", encoding="utf-8")
    good = write_jsonl(tmp_path / "3.jsonl", CUP)
    code, output, error = run("ingest", str(bad), str(empty), str(good), "--db", db)
    assert code == 0
    assert "1 article: 1 added" in output
    assert error.splitlines() == [
        f"storyline: skipped {bad}:1: not valid JSON (Expecting value at column 1)",
        f"storyline: skipped {empty}: file is empty",
    ]


def test_ingest_of_nothing_usable_exits_1(tmp_path: Path, db: str) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code, _, error = run("ingest", str(empty), "--db", db)
    assert code == 1
    assert "none of the inputs was usable (1 skipped)" in error


def test_watch_once_ingests_the_directory_and_exits(tmp_path: Path, db: str) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", FIRE_HERALD, CUP)
    code, output, _ = run("watch", str(folder), "--once", "--db", db)
    assert code == 0
    assert output == f"{folder / 'a.jsonl'}: 2 added, 0 revised, 0 unchanged\n"


def test_a_damaged_store_is_one_line_naming_it(tmp_path: Path, db: str) -> None:
    run("ingest", str(write_jsonl(tmp_path / "a.jsonl", FIRE_HERALD, FIRE_SIGNAL, CUP)), "--db", db)
    data = bytearray(Path(db).read_bytes())
    page = 4096
    data[2 * page : len(data)] = b"\xff" * (len(data) - 2 * page)  # every page but the header and schema
    Path(db).write_bytes(bytes(data))
    code, _, error = run("stories", "--db", db)
    assert code == 1
    assert error.startswith(f"storyline: {db}: ")
    assert "integrity_check" in error


def test_brief_story_show_removed_names_the_lines_an_outlet_repeats_and_how_often(db: str) -> None:
    furniture = Path(__file__).parent / "streams" / "outlet-furniture.jsonl"
    assert run("ingest", str(furniture), "--db", db)[0] == 0
    code, out, _ = run("brief", "--story", "1", "--show-removed", "--db", db)
    assert code == 0
    assert "Brightwater" not in out.split("Removed while cleaning")[0]
    assert "repeated across 4 articles of Lakeshore Courier: Lakeshore Courier journalism is supported" in out
