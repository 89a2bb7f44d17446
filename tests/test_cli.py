"""The command line, through click's test runner: output, exit codes and one-line errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbor-fire"


FLOOD = (
    "River floods Dunmere\n\nThe river Dun burst its banks at Dunmere on Sunday, flooding 40 homes, the council said. "
    "Residents were taken to the school hall overnight.\n"
)


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.output


def test_brief_on_the_bundled_example_prints_a_text_briefing() -> None:
    code, output = run("brief", str(EXAMPLE))
    assert code == 0
    assert "reported by" in output


@pytest.mark.parametrize("output_format", ["text", "markdown", "json", "html"])
def test_brief_writes_every_format_to_a_file(tmp_path: Path, output_format: str) -> None:
    target = tmp_path / f"briefing.{output_format}"
    code, _ = run("brief", str(EXAMPLE), "--format", output_format, "-o", str(target))
    assert code == 0
    assert target.read_text(encoding="utf-8").strip()


def test_brief_json_evidence_points_into_the_cleaned_text() -> None:
    code, output = run("brief", str(EXAMPLE), "--format", "json")
    assert code == 0
    data = json.loads(output)
    assert data["schema"] == "storyline.briefing/2"
    for sentence in data["summary"]:
        for evidence in sentence["evidence"]:
            text = data["articles"][evidence["article"]]["text"]
            assert text[evidence["start"] : evidence["end"]] == evidence["text"]


def test_brief_respects_the_word_budget() -> None:
    code, output = run("brief", str(EXAMPLE), "--format", "json", "--words", "60")
    assert code == 0
    assert sum(len(s["text"].split()) for s in json.loads(output)["summary"]) <= 60


def test_brief_reads_articles_from_stdin() -> None:
    article = {"text": "The river flooded the old town on Monday. Two hundred homes were evacuated by boat."}
    code, output = run("brief", "--format", "json", input=json.dumps(article) + "\n")
    assert code == 0
    assert json.loads(output)["summary"]


def test_show_removed_lists_the_cookie_notice() -> None:
    code, output = run("brief", str(EXAMPLE), "--show-removed")
    assert code == 0
    assert "cookie" in output.lower()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["brief", "no-such-file.txt"], "no-such-file.txt: no such file or directory"),
        (["brief", str(EXAMPLE), "--summarizer", "lexrnk"], "Available: centroid.v1, coverage.v1, lead.v1"),
        (["brief", str(EXAMPLE), "--words", "0"], "--words"),
    ],
)
def test_bad_arguments_give_a_one_line_error_without_traceback(args: list[str], fragment: str) -> None:
    code, output = run(*args)
    assert code != 0
    assert fragment in output
    assert "Traceback" not in output


def test_malformed_jsonl_names_the_file_and_line(tmp_path: Path) -> None:
    articles = tmp_path / "articles.jsonl"
    articles.write_text('{"text": "A fine first line about the flood."}\n{"text": oops}\n', encoding="utf-8")
    code, output = run("brief", str(articles), "--strict")
    assert code == 1
    assert f"{articles}:2: not valid JSON" in output
    assert "Traceback" not in output


def test_brief_skips_each_unusable_input_on_one_line_and_briefs_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(FLOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"text": oops}\n', encoding="utf-8")
    (tmp_path / "d.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["brief", str(tmp_path)])
    assert result.exit_code == 0
    assert "reported by" in result.stdout
    skipped = result.stderr.splitlines()
    assert skipped[0] == f"storyline: skipped {tmp_path / 'b.txt'}: file is empty"
    assert skipped[1].startswith(f"storyline: skipped {tmp_path / 'c.jsonl'}:1: not valid JSON")
    assert skipped[2] == f"storyline: skipped {tmp_path / 'd.html'}: no article text left after cleaning"


def test_brief_of_only_unusable_inputs_exits_1(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    code, output = run("brief", str(tmp_path))
    assert code == 1
    assert "none of the inputs was usable (1 skipped)" in output


def test_brief_of_a_folder_leaves_out_its_readme_and_license(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(FLOOD, encoding="utf-8")
    (tmp_path / "README.md").write_text("# About\n\nThese files are invented reports of a flood.\n", encoding="utf-8")
    (tmp_path / "LICENSE.txt").write_text("Permission is granted to copy these files freely.\n", encoding="utf-8")
    code, output = run("brief", str(tmp_path), "--format", "json")
    assert code == 0
    assert [article["origin"] for article in json.loads(output)["articles"]] == [str(tmp_path / "a.txt")]


def test_failed_brief_leaves_no_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    code, _ = run("brief", str(tmp_path / "missing.txt"), "-o", str(target))
    assert code == 1
    assert not target.exists()


def _write_clusters(path: Path) -> None:
    rows = [
        {
            "id": "flood",
            "documents": [
                "The river Arn flooded the old town of Dunmore on Monday. NEWLINE_CHAR Two hundred homes were "
                "evacuated by boat as the water rose overnight.",
                "Two hundred homes in Dunmore were evacuated on Monday after the river Arn burst its banks. "
                "The mayor said the town had not seen such a flood in forty years.",
            ],
            "summaries": ["The river Arn flooded Dunmore on Monday and two hundred homes were evacuated by boat."],
        },
        {"id": "empty", "documents": ["Share this article", "Advertisement"], "summaries": ["Nothing."]},
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def test_batch_writes_one_line_per_cluster_and_records_failures(tmp_path: Path) -> None:
    clusters, output = tmp_path / "clusters.jsonl", tmp_path / "out.jsonl"
    _write_clusters(clusters)
    code, _ = run("batch", str(clusters), "-o", str(output), "--jobs", "1")
    assert code == 0
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["flood", "empty"]
    assert lines[0]["summary"]
    assert lines[0]["sentences"][0]["evidence"]
    assert lines[1]["summary"] == ""
    assert "no article text left" in lines[1]["error"]


def test_eval_reports_rouge_and_verbatim_evidence(tmp_path: Path) -> None:
    pytest.importorskip("rouge_score")
    clusters = tmp_path / "clusters.jsonl"
    _write_clusters(clusters)
    code, output = run("eval", str(clusters), "--jobs", "1")
    assert code == 0
    scores = json.loads(output.strip().splitlines()[-1])
    # The failed cluster scores 0 and is averaged in, as mds_eval.py does with a missing prediction.
    assert scores["rouge1"] > 15
    assert scores["evidence_verbatim_percent"] == 100.0
    assert scores["failed_clusters"] == 1


def test_summarizers_lists_the_default() -> None:
    code, output = run("summarizers")
    assert code == 0
    assert "coverage.v1 (default)" in output


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["-o", "{tmp}"], "is a directory"),
        (["-o", "{tmp}/missing/out.md"], "does not exist"),
    ],
)
def test_unwritable_output_is_a_one_line_error(tmp_path: Path, args: list[str], fragment: str) -> None:
    code, output = run("brief", str(EXAMPLE), *[a.format(tmp=tmp_path) for a in args])
    assert code == 1
    assert fragment in output
    assert "Traceback" not in output


def test_output_file_follows_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    code, _ = run("brief", str(EXAMPLE), "-o", str(target))
    assert code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_batch_refuses_an_unknown_summarizer_before_any_work(tmp_path: Path) -> None:
    clusters, output = tmp_path / "clusters.jsonl", tmp_path / "out.jsonl"
    _write_clusters(clusters)
    code, out = run("batch", str(clusters), "-o", str(output), "--summarizer", "bogus")
    assert code == 1
    assert "Unknown summarizer 'bogus'" in out
    assert not output.exists()


def test_a_budget_too_small_for_any_sentence_says_so() -> None:
    code, output = run("brief", str(EXAMPLE), "--words", "1")
    assert code == 0
    assert "No summary: no usable sentence fits in 1 word" in output


def test_html_without_an_article_gives_one_line(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    code, output = run("brief", str(page))
    assert code == 1
    assert len(output.strip().splitlines()) == 1


def test_output_onto_a_device_writes_to_it_and_leaves_it_a_device() -> None:
    code, _ = run("brief", str(EXAMPLE), "-o", os.devnull)
    assert code == 0
    assert Path(os.devnull).is_char_device()


def test_output_onto_a_symlink_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "briefing.txt"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.txt"
    link.symlink_to(target)
    code, _ = run("brief", str(EXAMPLE), "-o", str(link))
    assert code == 0
    assert link.is_symlink()
    assert "reported by" in target.read_text(encoding="utf-8")


def test_output_onto_a_fifo_writes_into_the_pipe(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    code, _ = run("brief", str(EXAMPLE), "-o", str(fifo))
    reader.join(timeout=30)
    assert code == 0
    assert fifo.is_fifo()
    assert "reported by" in received[0]


STORIES = {
    "ferry.txt": "Ferry strike ends\n\nThe ferry strike at Tarnholm ended on Tuesday after two days of talks between "
    "the union and the ferry company, and crossings to the island resume on Wednesday.\n",
    "bridge.txt": "Bridge reopens\n\nThe Dun bridge at Carrow reopened to traffic on Friday after six weeks of repairs "
    "to its cracked bearings, the county engineers said.\n",
    "orchestra.txt": "Orchestra tours\n\nThe Valley Philharmonic begins a twelve-concert tour of northern cities in "
    "March, with a new symphony by its conductor on the programme.\n",
}


def test_brief_warns_and_names_the_groups_when_the_articles_are_not_one_story(tmp_path: Path) -> None:
    for name, text in STORIES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["brief", str(tmp_path)])
    assert result.exit_code == 0
    assert "these articles report 3 different stories, not one: [1] Bridge reopens; [2] Ferry strike ends" in (
        result.stderr
    )


def test_brief_of_one_story_gives_no_warning() -> None:
    result = CliRunner().invoke(cli, ["brief", str(EXAMPLE)])
    assert "different stories" not in result.stderr


def test_the_no_summary_message_says_what_a_usable_sentence_is() -> None:
    code, output = run("brief", "--words", "3", str(EXAMPLE))
    assert code == 0
    assert "No summary: no usable sentence fits in 3 words (a usable sentence has 6 to 60 words" in output
