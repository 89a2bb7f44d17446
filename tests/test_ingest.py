"""Reading articles: each format, directories, stdin sniffing, clusters, and every kind of bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from helpers import write

from storyline.errors import InputError
from storyline.sources.files import MAX_ARTICLE_CHARS, read_articles, read_clusters, read_text_stream

FERRY_TEXT = (
    "Ferry strike halts crossings to Tarnholm\n"
    "Ferry crews walked out on Wednesday morning, halting every crossing to the island of Tarnholm.\n"
    "The union said the strike would last 48 hours unless the operator reopened talks on pay.\n"
)

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Ferry strike halts crossings to Tarnholm | Northwind Gazette</title>
<meta property="og:site_name" content="Northwind Gazette">
<meta property="og:title" content="Ferry strike halts crossings to Tarnholm">
<meta property="og:url" content="https://www.northwind-gazette.example/news/ferry-strike">
<meta property="article:published_time" content="2023-04-12T08:30:00Z">
<link rel="canonical" href="https://www.northwind-gazette.example/news/ferry-strike">
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. Accept all cookies?</div>
<article>
<h1>Ferry strike halts crossings to Tarnholm</h1>
<p>Ferry crews walked out on Wednesday morning, halting every crossing between the mainland port of Vessby and
the island of Tarnholm.</p>
<p>The union representing the crews said the strike would last 48 hours unless the operator, Skerry Lines,
reopened talks on pay and rest breaks.</p>
<p>About 1,800 islanders commute to the mainland each day, according to the island council, which asked
employers to let staff work from home.</p>
<p>Skerry Lines said it regretted the disruption and would refund all tickets booked for Wednesday and
Thursday.</p>
</article>
<section id="comments" class="comments">
<h2>Comments</h2>
<div class="comment"><p>Commenter Bob: This is the third strike this year, utterly ridiculous behaviour.</p></div>
<div class="comment"><p>Commenter Ann: Good on the crews, they deserve a proper wage for hard work at sea.</p></div>
</section>
<footer><p>Northwind Gazette, 12 Quay Street, Vessby.</p></footer>
</body>
</html>
"""


def _jsonl(*records: dict[str, object]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


# --- formats -------------------------------------------------------------------------------------------


def test_txt_file_is_read_verbatim(tmp_path: Path) -> None:
    path = write(tmp_path, "ferry.txt", FERRY_TEXT)
    [article] = read_articles([path])
    assert article.text == FERRY_TEXT
    assert article.origin == str(path)


def test_markdown_first_heading_becomes_title(tmp_path: Path) -> None:
    path = write(tmp_path, "ferry.md", "# Ferry strike halts crossings\n\nFerry crews walked out on Wednesday.\n")
    [article] = read_articles([path])
    assert article.title == "Ferry strike halts crossings"
    assert "# " not in article.text


def test_markdown_links_keep_their_words(tmp_path: Path) -> None:
    text = "# Ferry strike\n\nThe strike was confirmed by the [island council](https://council.example/news) today.\n"
    [article] = read_articles([write(tmp_path, "ferry.md", text)])
    assert "confirmed by the island council today." in article.text
    assert "council.example" not in article.text


def test_markdown_later_headings_and_emphasis_become_plain_lines(tmp_path: Path) -> None:
    text = "# Ferry strike\n\nCrews walked out on **Wednesday**.\n\n## Background\n\n- Talks broke down last week.\n"
    [article] = read_articles([write(tmp_path, "ferry.md", text)])
    lines = [line for line in article.text.splitlines() if line.strip()]
    assert lines == ["Crews walked out on Wednesday.", "Background", "Talks broke down last week."]


def test_html_main_text_is_extracted(tmp_path: Path) -> None:
    [article] = read_articles([write(tmp_path, "ferry.html", HTML_PAGE)])
    assert "Ferry crews walked out on Wednesday morning" in article.text
    assert "would refund all tickets booked for Wednesday" in article.text


def test_html_navigation_and_cookie_banner_are_left_out(tmp_path: Path) -> None:
    [article] = read_articles([write(tmp_path, "ferry.html", HTML_PAGE)])
    assert "cookies" not in article.text
    assert "Sport" not in article.text


def test_html_reader_comments_are_left_out(tmp_path: Path) -> None:
    [article] = read_articles([write(tmp_path, "ferry.html", HTML_PAGE)])
    assert "Commenter" not in article.text
    assert "ridiculous" not in article.text


def test_html_title_and_date_come_from_metadata(tmp_path: Path) -> None:
    [article] = read_articles([write(tmp_path, "ferry.html", HTML_PAGE)])
    assert article.title == "Ferry strike halts crossings to Tarnholm"
    assert article.published == "2023-04-12"


def test_html_site_name_becomes_source(tmp_path: Path) -> None:
    [article] = read_articles([write(tmp_path, "ferry.html", HTML_PAGE)])
    assert article.source == "Northwind Gazette"


def test_html_canonical_url_is_kept(tmp_path: Path) -> None:
    [article] = read_articles([write(tmp_path, "ferry.html", HTML_PAGE)])
    assert article.url == "https://www.northwind-gazette.example/news/ferry-strike"


def test_jsonl_fields_are_read(tmp_path: Path) -> None:
    record = {
        "text": "Ferry crews walked out on Wednesday.",
        "title": "Ferry strike",
        "source": "Northwind Gazette",
        "url": "https://www.northwind-gazette.example/a",
        "published": "2023-04-12",
    }
    [article] = read_articles([write(tmp_path, "articles.jsonl", _jsonl(record))])
    assert (article.text, article.title, article.source, article.url, article.published) == (
        "Ferry crews walked out on Wednesday.",
        "Ferry strike",
        "Northwind Gazette",
        "https://www.northwind-gazette.example/a",
        "2023-04-12",
    )


def test_jsonl_gives_one_article_per_line_with_line_origin(tmp_path: Path) -> None:
    path = write(tmp_path, "articles.jsonl", _jsonl({"text": "First report."}, {"text": "Second report."}))
    articles = read_articles([path])
    assert [a.text for a in articles] == ["First report.", "Second report."]
    assert [a.origin for a in articles] == [f"{path}:1", f"{path}:2"]


def test_jsonl_source_falls_back_to_url_domain(tmp_path: Path) -> None:
    record = {"text": "Ferry crews walked out.", "url": "https://www.vessby-times.example/ferry"}
    [article] = read_articles([write(tmp_path, "articles.jsonl", _jsonl(record))])
    assert article.source == "vessby-times.example"


def test_jsonl_datetime_published_keeps_the_date(tmp_path: Path) -> None:
    record = {"text": "Ferry crews walked out.", "published": "2023-04-12T08:30:00Z"}
    [article] = read_articles([write(tmp_path, "articles.jsonl", _jsonl(record))])
    assert article.published == "2023-04-12"


def test_jsonl_blank_lines_are_skipped(tmp_path: Path) -> None:
    text = '{"text": "First report."}\n\n   \n{"text": "Second report."}\n'
    assert len(read_articles([write(tmp_path, "articles.jsonl", text)])) == 2


# --- directories ---------------------------------------------------------------------------------------


def test_directory_files_are_read_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "Report from the second outlet.")
    write(tmp_path, "a.txt", "Report from the first outlet.")
    write(tmp_path, "c.md", "# Third\n\nReport from the third outlet.")
    articles = read_articles([tmp_path])
    assert [Path(a.origin).name for a in articles] == ["a.txt", "b.txt", "c.md"]


def test_directory_hidden_files_are_skipped(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Report from the first outlet.")
    write(tmp_path, ".draft.txt", "An unfinished draft that must not be read.")
    assert [Path(a.origin).name for a in read_articles([tmp_path])] == ["a.txt"]


def test_directory_files_inside_hidden_folders_are_skipped(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Report from the first outlet.")
    write(tmp_path, ".checkpoints/a-checkpoint.txt", "An editor's autosaved copy that must not be read.")
    assert [Path(a.origin).name for a in read_articles([tmp_path])] == ["a.txt"]


def test_directory_unsupported_files_are_skipped(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Report from the first outlet.")
    write(tmp_path, "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    assert [Path(a.origin).name for a in read_articles([tmp_path])] == ["a.txt"]


def test_directory_subfolders_are_read(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Report from the first outlet.")
    write(tmp_path, "more/b.txt", "Report from the second outlet.")
    assert [Path(a.origin).name for a in read_articles([tmp_path])] == ["a.txt", "b.txt"]


def test_directory_without_articles_is_an_input_error(tmp_path: Path) -> None:
    write(tmp_path, "notes.png", b"\x89PNG")
    with pytest.raises(InputError, match="no article files") as caught:
        read_articles([tmp_path])
    assert str(tmp_path) in str(caught.value)


# --- stdin ---------------------------------------------------------------------------------------------


def test_stdin_plain_text_is_one_article() -> None:
    [article] = read_text_stream(FERRY_TEXT, origin="<stdin>")
    assert article.text == FERRY_TEXT
    assert article.origin == "<stdin>"


def test_stdin_jsonl_is_sniffed() -> None:
    articles = read_text_stream(_jsonl({"text": "First report."}, {"text": "Second report."}), origin="<stdin>")
    assert [a.text for a in articles] == ["First report.", "Second report."]
    assert articles[1].origin == "<stdin>:2"


def test_stdin_html_is_sniffed() -> None:
    [article] = read_text_stream(HTML_PAGE, origin="<stdin>")
    assert "Ferry crews walked out on Wednesday morning" in article.text
    assert "<p>" not in article.text


def test_stdin_empty_is_an_input_error() -> None:
    with pytest.raises(InputError, match="<stdin>"):
        read_text_stream("   \n\n", origin="<stdin>")


def test_dash_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(FERRY_TEXT))
    [article] = read_articles(["-"])
    assert article.text == FERRY_TEXT
    assert article.origin == "<stdin>"


# --- bad input -----------------------------------------------------------------------------------------


def test_missing_file_is_an_input_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    with pytest.raises(InputError) as caught:
        read_articles([path])
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n\t\n", "empty"),
        ("binary.txt", b"Ferry report\x00\x01\x02\x00 more bytes", "binary"),
        ("empty.jsonl", b"\n\n", "empty"),
    ],
    ids=["empty", "whitespace-only", "binary", "empty-jsonl"],
)
def test_unreadable_file_is_an_input_error_naming_it(tmp_path: Path, name: str, content: bytes, problem: str) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(InputError) as caught:
        read_articles([path])
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_malformed_jsonl_line_is_an_input_error_naming_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "articles.jsonl", '{"text": "First report."}\n{"text": "Second report.",\n')
    with pytest.raises(InputError, match="not valid JSON") as caught:
        read_articles([path])
    assert f"{path}:2" in str(caught.value)


def test_jsonl_line_that_is_not_an_object_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "articles.jsonl", '{"text": "First report."}\n["a", "list"]\n')
    with pytest.raises(InputError) as caught:
        read_articles([path])
    assert f"{path}:2" in str(caught.value)


def test_jsonl_line_without_text_is_an_input_error_naming_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "articles.jsonl", _jsonl({"text": "First report."}, {"title": "No body here"}))
    with pytest.raises(InputError, match="'text'") as caught:
        read_articles([path])
    assert f"{path}:2" in str(caught.value)


def test_jsonl_non_string_field_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "articles.jsonl", _jsonl({"text": "First report.", "title": 42}))
    with pytest.raises(InputError, match="'title'") as caught:
        read_articles([path])
    assert f"{path}:1" in str(caught.value)


def test_jsonl_html_field_is_extracted_like_an_html_file(tmp_path: Path) -> None:
    [from_file] = read_articles([write(tmp_path, "ferry.html", HTML_PAGE)])
    [from_line] = read_articles([write(tmp_path, "pages.jsonl", _jsonl({"html": HTML_PAGE}))])
    assert from_line.text == from_file.text
    assert "cookies" not in from_line.text
    assert (from_line.title, from_line.source, from_line.published) == (
        "Ferry strike halts crossings to Tarnholm",
        "Northwind Gazette",
        "2023-04-12",
    )


def test_jsonl_fields_given_beside_html_win_over_the_page_metadata(tmp_path: Path) -> None:
    record = {"html": HTML_PAGE, "title": "Strike", "source": "Wire", "published": "2023-04-13"}
    [article] = read_articles([write(tmp_path, "pages.jsonl", _jsonl(record))])
    assert (article.title, article.source, article.published) == ("Strike", "Wire", "2023-04-13")
    assert article.url == "https://www.northwind-gazette.example/news/ferry-strike"


def test_jsonl_markdown_field_is_read_like_a_markdown_file(tmp_path: Path) -> None:
    markdown = "# Ferry strike\n\nCrews **walked out** on [Wednesday](https://x.example).\n\n- Talks resume"
    [from_file] = read_articles([write(tmp_path, "strike.md", markdown)])
    [from_line] = read_articles([write(tmp_path, "notes.jsonl", _jsonl({"markdown": markdown, "source": "Gazette"}))])
    assert (from_line.text, from_line.title) == (from_file.text, "Ferry strike")
    assert "**" not in from_line.text
    assert from_line.source == "Gazette"


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"html": HTML_PAGE, "text": "Ferry crews walked out."}, "both 'text' and 'html'"),
        ({"html": 42}, "'html' must be a string"),
        ({"markdown": "# A", "html": "<p>A</p>"}, "both 'html' and 'markdown'"),
        ({"markdown": "# Only a title"}, "no text"),
        ({"html": "<html><body></body></html>"}, "no article text"),
    ],
)
def test_bad_html_field_is_an_input_error_naming_the_line(
    tmp_path: Path, record: dict[str, object], problem: str
) -> None:
    path = write(tmp_path, "pages.jsonl", _jsonl(record))
    with pytest.raises(InputError, match=problem) as caught:
        read_articles([path])
    assert f"{path}:1" in str(caught.value)


def test_cluster_line_passed_as_articles_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "clusters.jsonl", _jsonl({"id": "c1", "documents": ["One report.", "Another report."]}))
    with pytest.raises(InputError, match="cluster") as caught:
        read_articles([path])
    assert f"{path}:1" in str(caught.value)


def test_oversized_single_article_is_an_input_error(tmp_path: Path) -> None:
    sentence = "The ferry strike went on for another day in Vessby. "
    text = sentence * (20_000_000 // len(sentence))
    assert len(text) > MAX_ARTICLE_CHARS
    path = write(tmp_path, "huge.txt", text)
    with pytest.raises(InputError, match="too long") as caught:
        read_articles([path])
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("published", ["12 April 2023", "April 12, 2023", "2023/04/12", "yesterday", "12-04-2023"])
def test_non_iso_published_is_an_input_error_naming_the_line(tmp_path: Path, published: str) -> None:
    path = write(tmp_path, "articles.jsonl", _jsonl({"text": "Ferry crews walked out.", "published": published}))
    with pytest.raises(InputError, match="published") as caught:
        read_articles([path])
    assert f"{path}:1" in str(caught.value)


# --- clusters ------------------------------------------------------------------------------------------


def test_read_clusters_turns_newline_tokens_into_line_breaks(tmp_path: Path) -> None:
    record = {
        "id": "ferry",
        "documents": ["Crews walked out. NEWLINE_CHAR NEWLINE_CHAR The union set terms.", "Islanders were stranded."],
        "summaries": ["Ferry crews struck."],
    }
    [cluster] = read_clusters(write(tmp_path, "clusters.jsonl", _jsonl(record)))
    assert cluster.id == "ferry"
    assert "NEWLINE_CHAR" not in cluster.articles[0].text
    assert cluster.articles[0].text.count("\n") == 2
    assert cluster.summaries == ("Ferry crews struck.",)


def test_read_clusters_skips_empty_documents(tmp_path: Path) -> None:
    record = {"id": "ferry", "documents": ["Crews walked out.", "   ", "Islanders were stranded."]}
    [cluster] = read_clusters(write(tmp_path, "clusters.jsonl", _jsonl(record)))
    assert [a.text for a in cluster.articles] == ["Crews walked out.", "Islanders were stranded."]


def test_read_clusters_yields_one_cluster_per_line(tmp_path: Path) -> None:
    path = write(tmp_path, "clusters.jsonl", _jsonl({"id": "one", "documents": ["A."]}, {"documents": ["B."]}))
    clusters = list(read_clusters(path))
    assert [c.id for c in clusters] == ["one", "2"]
    assert clusters[1].summaries == ()


def test_read_clusters_bad_documents_field_is_an_input_error_naming_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "clusters.jsonl", _jsonl({"id": "one", "documents": ["A."]}, {"documents": "B."}))
    with pytest.raises(InputError, match="documents") as caught:
        list(read_clusters(path))
    assert f"{path}:2" in str(caught.value)


def test_unpaired_surrogate_in_jsonl_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.jsonl", '{"text": "Storm hits the coast \\ud800 on Monday."}\n')
    with pytest.raises(InputError, match=r"bad\.jsonl:1: text holds an unpaired surrogate"):
        read_articles([path])


def test_unpaired_surrogate_in_a_cluster_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "clusters.jsonl", '{"id": "c", "documents": ["Storm \\udc00 hits."]}\n')
    with pytest.raises(InputError, match=r"clusters\.jsonl:1#documents\[0\]: text holds an unpaired surrogate"):
        list(read_clusters(path))


def test_a_single_path_string_is_read_as_one_path(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Report from the first outlet.")
    assert len(read_articles(str(tmp_path))) == 1


def test_directory_files_without_a_suffix_are_skipped(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Report from the first outlet.")
    write(tmp_path, "LICENSE", "Permission is hereby granted to anyone who reads this.")
    assert [Path(a.origin).name for a in read_articles([tmp_path])] == ["a.txt"]


def test_markdown_underscores_inside_words_are_kept(tmp_path: Path) -> None:
    [article] = read_articles([write(tmp_path, "a.md", "# Title\n\nThe file_name_x was _really_ late.\n")])
    assert "file_name_x was really late." in article.text


def test_an_empty_markdown_body_in_a_request_names_the_markdown_field() -> None:
    from storyline.sources.files import article_from_record

    with pytest.raises(InputError, match="no text") as caught:
        article_from_record({"markdown": "# Only a title"}, "articles[0]")
    assert caught.value.where == "articles[0].markdown"


def test_a_latin_1_text_file_is_read_as_windows_1252(tmp_path: Path) -> None:
    text = "Feu au dépôt\n\nUn incendie s’est déclaré lundi au dépôt, selon les autorités de la ville."
    path = write(tmp_path, "depot.txt", text.encode("cp1252"))
    (article,) = read_articles([path])
    assert article.text == text


def test_a_page_is_read_in_the_charset_its_meta_names(tmp_path: Path) -> None:
    body = "<p>Пожар на складе начался в понедельник утром, сообщили власти города.</p>"
    page = f'<html><head><meta charset="windows-1251"><title>Пожар</title></head><body>{body * 3}</body></html>'
    path = write(tmp_path, "page.html", page.encode("cp1251"))
    (article,) = read_articles([path])
    assert "Пожар на складе начался в понедельник" in article.text


def test_undeclared_non_utf8_text_is_detected(tmp_path: Path) -> None:
    text = "Пожар на складе начался в понедельник утром, сообщили власти города. " * 4
    path = write(tmp_path, "note.txt", f"Пожар\n\n{text}".encode("koi8-r"))
    (article,) = read_articles([path])
    assert "Пожар на складе" in article.text


def test_a_utf_16_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    text = "Fire at depot\n\nA fire broke out at the depot on Monday, officials said."
    path = write(tmp_path, "utf16.txt", text.encode("utf-16"))
    (article,) = read_articles([path])
    assert article.text == text


def test_with_on_error_each_unusable_input_is_reported_and_reading_goes_on(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", b"Fire at depot\n\nA fire broke out at the depot on Monday, officials said.")
    empty = write(tmp_path, "empty.txt", b"")
    lines = write(tmp_path, "lines.jsonl", b'{"text": "A second report of the depot fire."}\n{oops\n')
    errors: list[InputError] = []
    articles = read_articles([good, empty, lines, tmp_path / "missing.txt"], on_error=errors.append)
    assert len(articles) == 2
    assert [error.where for error in errors] == [str(empty), f"{lines}:2", str(tmp_path / "missing.txt")]
