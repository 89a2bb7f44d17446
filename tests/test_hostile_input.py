"""Inputs built to hurt: patterns that once took minutes, impossible dates, broken text, endless streams."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.sources.files import (
    _MD_EMPHASIS,
    MAX_HTML_CHARS,
    _parse_markdown,
    article_from_record,
    parse_html,
    read_articles,
)
from storyline.types import RawArticle
from storyline.validate import (
    MAX_JSON_DEPTH,
    check_article,
    check_date,
    check_run_size,
    check_story_id,
    decode_json,
    usable_date,
)

TODAY = date(2026, 12, 6)

# Each of these took 30 s to minutes with the patterns that scanned to the end of the line from every mark.
PATHOLOGICAL_MARKDOWN = [
    "# a" + " " * 3_000 + "x",
    "**a " * 16_000,
    "__a " * 16_000,
    "*a " * 30_000,
    "`a " * 30_000,
    "![" * 50_000,
    "[" * 50_000 + "](" * 50_000,
    "# " + "#" * 30_000 + " " * 30_000 + "x",
]


@pytest.mark.parametrize("text", PATHOLOGICAL_MARKDOWN, ids=range(len(PATHOLOGICAL_MARKDOWN)))
def test_pathological_markdown_is_read_and_keeps_its_words(text: str) -> None:
    article = _parse_markdown("# Title\n" + text, "x.md")
    assert article.title == "Title"
    assert set(article.text.replace(" ", "")) <= set(text.replace(" ", ""))


def test_markdown_headings_emphasis_and_links_read_as_before() -> None:
    text = "# Title ##\n## Sub ##\n**bold *and* it**, *a*, _b_, `c`, file_name_x, [w](u) ![i](j)\n1. x\n#not"
    article = _parse_markdown(text, "x.md")
    assert article.title == "Title"
    assert article.text == "Sub\nbold *and* it, a, b, c, file_name_x, w \nx\n#not"


@given(st.text(alphabet="*_`ab \\", max_size=40))
def test_emphasis_removes_only_marks_never_words(text: str) -> None:
    stripped = _MD_EMPHASIS.sub(lambda m: next(g for g in m.groups() if g is not None), text)
    assert re.sub(r"[*_`]", "", stripped) == re.sub(r"[*_`]", "", text)


def test_an_html_page_over_the_limit_is_refused_before_extraction() -> None:
    html = "<html><body><p>" + "word " * (MAX_HTML_CHARS // 5 + 1) + "</p></body></html>"
    with pytest.raises(InputError, match="million characters of HTML"):
        parse_html(html, "big.html")


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01", "0000-01-01", "9999-99-99", "2026-00-10"])
def test_impossible_dates_are_refused_naming_the_field(day: str) -> None:
    with pytest.raises(InputError) as caught:
        article_from_record({"text": "Storm hits.", "published": day}, "articles[0]")
    assert caught.value.where == "articles[0].published"


def test_a_date_more_than_a_day_ahead_is_refused_and_tomorrow_is_accepted() -> None:
    assert check_date("2026-12-07T23:00:00Z", "x", today=TODAY) == "2026-12-07"
    with pytest.raises(InputError, match="in the future"):
        check_date("2026-12-08", "x", today=TODAY)
    with pytest.raises(InputError, match="in the future"):
        check_date("9999-12-31", "x", today=TODAY)
    with pytest.raises(InputError, match="before 1800"):
        check_date("0001-01-01", "x", today=TODAY)


def test_a_publishers_unusable_date_leaves_the_article_undated() -> None:
    assert usable_date("9999-12-31", "feed#entries[0]", today=TODAY)[0] == ""
    assert usable_date("2026-11-30", "feed#entries[0]", today=TODAY) == ("2026-11-30", "")


@pytest.mark.parametrize("field", ["title", "source", "url", "text"])
def test_a_lone_surrogate_is_refused_in_every_field(field: str) -> None:
    record = {"text": "Storm hits.", field: "bad \ud800 half"}
    with pytest.raises(InputError, match="unpaired surrogate") as caught:
        article_from_record(record, "articles[1]")
    assert caught.value.where == f"articles[1].{field}"


def test_a_stored_article_with_an_impossible_date_fails_the_check() -> None:
    with pytest.raises(InputError, match="calendar day"):
        check_article(RawArticle(text="Storm.", origin="db", published="2026-02-30"))


def test_deeply_nested_jsonl_is_one_input_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    with pytest.raises(InputError, match=r"deep\.jsonl:1: .*nested deeper"):
        read_articles(path)


def test_json_nested_past_the_limit_but_within_the_parser_is_refused() -> None:
    with pytest.raises(InputError, match="nested deeper"):
        decode_json("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), "x")


def test_an_integer_of_5000_digits_in_jsonl_is_one_input_error(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text('{"text": "Storm.", "n": ' + "9" * 5_000 + "}\n")
    with pytest.raises(InputError, match=r"big\.jsonl:1: unreadable JSON"):
        read_articles(path)


@pytest.mark.parametrize("text", ["99999999999999999999999", "9223372036854775808", "0", "-1", "1e3", "x" * 5000])
def test_ids_past_64_bits_or_not_numbers_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="not an id"):
        check_story_id(text)


def test_the_largest_64_bit_id_is_an_id() -> None:
    assert check_story_id("9223372036854775807") == 2**63 - 1


def test_a_device_of_endless_zeros_is_refused_without_reading_it_all() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this system")
    with pytest.raises(InputError, match="binary data"):
        read_articles("/dev/zero")


def test_a_run_of_thousands_of_articles_suggests_ingest() -> None:
    check_run_size(1_000)
    with pytest.raises(InputError, match="storyline ingest"):
        check_run_size(1_001)


def test_a_record_of_a_real_article_passes_unchanged() -> None:
    record = {"text": "Storm hits.", "title": "Storm", "url": "https://x.example/a", "published": "2026-11-30"}
    article = article_from_record(record, "articles[0]")
    assert json.dumps([article.title, article.published]) == '["Storm", "2026-11-30"]'


# --- the command line: one line and exit code 1, never a traceback ---------------------------------------------


def _run(*arguments: str, stdin: bytes | None = None) -> tuple[int, str]:
    from click.testing import CliRunner

    from storyline.cli import cli

    result = CliRunner().invoke(cli, list(arguments), input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_brief_on_more_files_than_one_briefing_takes_suggests_ingest(tmp_path: Path) -> None:
    for index in range(1_001):
        (tmp_path / f"{index}.txt").write_text(f"Storm {index} hits the coast.\n")
    code, output = _run("brief", str(tmp_path))
    assert code == 1
    assert "storyline ingest" in output


def test_a_story_id_past_64_bits_is_a_usage_error() -> None:
    code, output = _run("brief", "--story", "9" * 23)
    assert code == 2
    assert "--story" in output


def test_a_non_utf8_file_name_is_read_and_shown_escaped(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "names"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text("A storm hit the coast of Vessby on Monday, officials said.\n")
    code, output = _run("brief", str(folder), "--format", "json")
    assert code == 0
    assert "caf\\\\xe9.txt" in output
    code, output = _run("ingest", str(folder), "--db", str(tmp_path / "s.db"))
    assert code == 0, output


def test_delete_removes_one_article_and_says_what_happened(tmp_path: Path) -> None:
    database = str(tmp_path / "s.db")
    article = tmp_path / "a.txt"
    article.write_text("A storm hit the coast of Vessby on Monday, officials said.\n")
    assert _run("ingest", str(article), "--db", database)[0] == 0
    code, output = _run("delete", "1", "--db", database)
    assert code == 0
    assert "the story had no other article and is removed" in output
    code, output = _run("delete", "1", "--db", database)
    assert code == 1
    assert "no such article" in output


def test_a_folder_that_cannot_be_listed_is_reported_not_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import os

    from storyline.sources import files

    (tmp_path / "a.txt").write_text("A storm hit the coast of Vessby on Monday, officials said.\n")
    (tmp_path / "locked").mkdir()
    real_walk = os.walk

    def walk(top: Any, onerror: Any = None, **kwargs: Any) -> Any:
        for entry in real_walk(top, onerror=onerror, **kwargs):
            folder, folders, _names = entry
            if "locked" in folders:  # as os.walk reports a folder it may not list (root reads every folder)
                folders.remove("locked")
                onerror(PermissionError(13, "Permission denied", str(Path(folder) / "locked")))
            yield entry

    monkeypatch.setattr(files.os, "walk", walk)
    with caplog.at_level("WARNING", logger="storyline"):
        assert [path.name for path in files.files_under(tmp_path, {".txt"})] == ["a.txt"]
    assert "locked: cannot read this folder (Permission denied)" in caplog.text


def test_a_page_with_absurdly_nested_linked_data_is_read_from_its_body() -> None:
    from storyline.sources.files import parse_html

    nested = "[" * 100_000 + "]" * 100_000
    page = (
        f"<html><head><title>Ferry strike</title><script type='application/ld+json'>{nested}</script></head>"
        "<body><article><p>Ferry crews walked out on Wednesday morning, halting every crossing to the island of "
        "Tarnholm, and the union said the strike would last two days.</p></article></body></html>"
    )
    page = page.replace("</title>", "</title><meta name='x' content='articleBody'>")
    assert "Ferry crews walked out" in parse_html(page, "nested.html").text
