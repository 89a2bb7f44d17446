"""Read articles from files, directories, JSONL and stdin; read clusters for batch and eval.

Formats by file ending: `.txt` (title on the first line, optional leading `date YYYY-MM-DD`), `.md`,
`.html`/`.htm` (main text and metadata by trafilatura), `.jsonl` (one article a line). Anything unusable
raises InputError naming the file and line.
"""

from __future__ import annotations

import html as html_module
import json
import logging
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import InputError, MissingDependencyError
from ..types import RawArticle
from ..validate import (
    MAX_ARTICLE_CHARS,
    MAX_FIELD_CHARS,
    check_article,
    check_date,
    check_run_size,
    check_text,
    decode_json,
    usable_date,
)
from .outlets import clean_title, outlet_name, url_domain

LOGGER = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

# Sizes read before any parsing. A heavy news page is 1-3 MB of HTML, and trafilatura takes about a second a
# megabyte, so a page past MAX_HTML_CHARS is refused unread rather than holding a run (or a server) for minutes.
MAX_HTML_CHARS = 5_000_000
# UTF-8 spends at most 4 bytes a character: a text or Markdown file past this cannot be one article.
MAX_ARTICLE_FILE_BYTES = 4 * MAX_ARTICLE_CHARS
# A JSONL file or stdin holds many articles; past this, ingest it in parts (stdin may never end: /dev/zero).
MAX_STREAM_BYTES = 500_000_000
ARTICLE_FIELDS = ("text", "title", "source", "url", "published")


@dataclass(frozen=True, slots=True)
class Cluster:
    """One event's articles from a cluster file, with reference summaries when the file has them."""

    id: str
    articles: tuple[RawArticle, ...]
    summaries: tuple[str, ...]
    origin: str = ""  # path:line of the cluster in its file


OnError = Callable[[InputError], None]


def report_unusable(error: InputError, on_error: OnError | None) -> None:
    """Pass an unusable input to `on_error` and go on; without one, the error stops the run."""
    if on_error is None:
        raise error
    on_error(error)


def read_articles(
    paths: str | Path | Iterable[str | Path], *, on_error: OnError | None = None, limit: int | None = None
) -> list[RawArticle]:
    """Read every article named by `paths` (files, directories, feed files, or "-" for stdin); one path may
    stand alone.

    Without `on_error` the first unusable input raises InputError. With it, each unusable input (a file, a
    line of a JSONL file, a missing path) is passed to `on_error` and reading goes on with the next one. With
    `limit`, more articles than that are refused (`validate.check_run_size`), a directory of more files than
    that before any is read."""
    if isinstance(paths, str | Path):
        paths = [paths]
    articles: list[RawArticle] = []
    for path in paths:
        try:
            if str(path) == "-":
                articles.extend(read_text_stream(_read_stdin(), origin="<stdin>", on_error=on_error))
            else:
                articles.extend(_read_path(Path(path), on_error, limit))
        except InputError as error:
            report_unusable(error, on_error)
        if limit is not None:
            check_run_size(len(articles), str(path), limit)
    return articles


def read_text_stream(text: str, *, origin: str, on_error: OnError | None = None) -> list[RawArticle]:
    """Articles from text whose format is sniffed: JSONL, HTML or plain text."""
    stripped = text.lstrip()
    if not stripped:
        raise InputError(origin, "no input", "pass article files, a directory, or text on stdin")
    if stripped.startswith("{"):
        return _parse_jsonl(text.splitlines(), origin, on_error)
    if stripped.startswith("<"):
        from .feeds import looks_like_feed, parse_feed  # loaded on first use: a cluster file never needs them

        if looks_like_feed(stripped[:2048].encode("utf-8", "replace")):
            return parse_feed(text.encode("utf-8"), origin)
        return [parse_html(text, origin)]
    return [_checked(RawArticle(text=text, origin=origin))]


def read_clusters(path: str | Path) -> Iterator[Cluster]:
    """Clusters from a JSONL file of `{"id", "documents": [str], "summaries"?: [str]}` lines."""
    for line_number, record in _json_lines(Path(path)):
        yield cluster_from_record(record, f"{path}:{line_number}", default_id=str(line_number))


def cluster_from_line(line: str, where: str, *, default_id: str) -> Cluster:
    """One cluster from one JSONL line; `where` (path:line) names it in errors."""
    record = _decode_line(line, where)
    if record is None:
        raise InputError(where, "empty line", "each line holds one cluster")
    return cluster_from_record(record, where, default_id=default_id)


def cluster_from_record(record: Mapping[str, Any], where: str, *, default_id: str) -> Cluster:
    """One cluster from a decoded cluster line."""
    documents = record.get("documents")
    if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
        raise InputError(where, "field 'documents' must be a list of strings", "see the cluster format in README")
    summaries = record.get("summaries", [])
    if not isinstance(summaries, list) or not all(isinstance(s, str) for s in summaries):
        raise InputError(where, "field 'summaries' must be a list of strings")
    cluster_id = str(record.get("id", default_id))
    articles = tuple(
        _checked(RawArticle(text=_unescape_newlines(doc), origin=f"{where}#documents[{i}]"))
        for i, doc in enumerate(documents)
        if doc.strip()
    )
    return Cluster(id=cluster_id, articles=articles, summaries=tuple(summaries), origin=where)


def files_under(directory: Path, suffixes: Iterable[str]) -> list[Path]:
    """The files in `directory` and below whose ending is one of `suffixes`, sorted. Hidden files and folders
    are skipped, so a file written under a hidden name and then renamed is only read once complete."""
    wanted = frozenset(suffixes)

    def unreadable(error: OSError) -> None:  # os.walk would pass over a folder it cannot list in silence
        LOGGER.warning("%s: cannot read this folder (%s); its files are skipped", error.filename, error.strerror)

    found = []
    for folder, folders, names in os.walk(directory, onerror=unreadable):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in names:
            path = Path(folder) / name
            # LICENSE or Makefile beside the articles is not one; name such a file to read it.
            if (
                not name.startswith(".")
                and path.suffix
                and path.suffix.lower() in wanted
                and path.stem.lower() not in _NOT_ARTICLE_NAMES  # nor is README.md beside the articles
                and path.is_file()
            ):
                found.append(path)
    return sorted(found)


# Files beside the articles that are about them, not articles: `brief examples/` reads the articles only.
_NOT_ARTICLE_NAMES = frozenset(
    {"readme", "license", "licence", "copying", "notice", "authors", "contributing", "changelog", "changes"}
    | {"history", "provenance"}
)


def article_files(directory: Path) -> list[Path]:
    """The article and feed files in `directory` and below, sorted (`files_under`); a .json file only when it
    is a JSON Feed, so a folder's settings or labels are not taken for input."""
    from .feeds import FEED_SUFFIXES, is_feed

    return [
        path
        for path in files_under(directory, SUPPORTED_SUFFIXES | FEED_SUFFIXES)
        if path.suffix.lower() != ".json" or is_feed(path)
    ]


def _read_path(path: Path, on_error: OnError | None = None, limit: int | None = None) -> list[RawArticle]:
    if path.is_dir():
        files = article_files(path)
        if not files:
            raise InputError(
                str(path), "directory has no article files", "expected .txt, .md, .html, .jsonl or feed files"
            )
        if limit is not None:
            check_run_size(len(files), str(path), limit)
        articles = []
        for file in files:
            try:
                articles.extend(_read_file(file, on_error))
            except InputError as error:
                report_unusable(error, on_error)
        return articles
    if not path.exists():
        raise InputError(str(path), "no such file or directory")
    return _read_file(path, on_error)


def _read_file(path: Path, on_error: OnError | None = None) -> list[RawArticle]:
    from .feeds import is_feed, read_feed

    if is_feed(path):
        return read_feed(path)
    suffix = path.suffix.lower()
    data = _read_bytes(path, _byte_limit(suffix))
    if suffix == ".json":
        raise InputError(str(path), "not a JSON Feed", "articles go one a line in a .jsonl file")
    if suffix in HTML_SUFFIXES:
        return [parse_html(decode_bytes(data, str(path), html=True), str(path))]
    text = decode_bytes(data, str(path))
    if suffix in JSONL_SUFFIXES:
        return _parse_jsonl(text.splitlines(), str(path), on_error)
    if suffix in MARKDOWN_SUFFIXES:
        return [_checked(_parse_markdown(text, str(path)))]
    return [_checked(RawArticle(text=text, origin=str(path)))]


def _byte_limit(suffix: str) -> int:
    if suffix in JSONL_SUFFIXES:
        return MAX_STREAM_BYTES
    if suffix in HTML_SUFFIXES:
        return 4 * MAX_HTML_CHARS
    return MAX_ARTICLE_FILE_BYTES


def _read_bounded(handle: Any, limit: int, where: str) -> bytes:
    """At most `limit` bytes from `handle`, refused past that; a NUL in the first block (a binary file, a
    device like /dev/zero) is refused before reading on."""
    first = handle.read(8192)
    if b"\x00" in first and not first.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 has NULs
        raise InputError(where, "binary data, not text", "pass .txt, .md, .html or .jsonl articles")
    data = first + handle.read(limit + 1 - len(first))
    if len(data) > limit:
        too_much = "too long for one article" if limit < MAX_STREAM_BYTES else "too much to read at once"
        raise InputError(where, f"over {limit / 1_000_000:g} MB, {too_much}", "split it into smaller files")
    return bytes(data)


def _read_stdin() -> str:
    """Standard input as text: bytes decoded as a file is (so non-UTF-8 input is one clear error), bounded."""
    binary = getattr(sys.stdin, "buffer", None)
    if binary is None:  # stdin replaced by a text stream (an embedding program, a test)
        text = str(sys.stdin.read(MAX_STREAM_BYTES + 1))
        if len(text) > MAX_STREAM_BYTES:
            raise InputError("<stdin>", "too much to read at once", "split it into smaller files")
        return text
    return decode_bytes(_read_bounded(binary, MAX_STREAM_BYTES, "<stdin>"), "<stdin>")


def _read_bytes(path: Path, limit: int = MAX_STREAM_BYTES) -> bytes:
    try:
        with path.open("rb") as handle:
            data = _read_bounded(handle, limit, str(path))
    except OSError as error:
        raise InputError(str(path), f"cannot read file: {error.strerror or error}") from None
    if not data.strip():
        raise InputError(str(path), "file is empty")
    return data


def _read_utf8(path: Path) -> str:
    return decode_bytes(_read_bytes(path), str(path))


def decode_bytes(data: bytes, where: str, *, declared: str = "", html: bool = False) -> str:
    """Text from bytes as browsers read it: a byte order mark first, then the charset `declared` (an HTTP
    header's), then for a page its <meta> charset, then UTF-8, then the charset charset-normalizer finds.
    Binary data (NUL bytes outside UTF-16) raises InputError."""
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return _nonempty(data[len(mark) :].decode(codec, errors="replace"), where)
    if b"\x00" in data[:8192]:
        raise InputError(where, "binary file, not text", "pass .txt, .md, .html or .jsonl articles")
    candidates = [declared.strip().lower()]
    if html:
        meta = _META_CHARSET.search(data[:4096])
        # A <meta> read as ASCII cannot say UTF-16: browsers take it as UTF-8.
        candidates.append(meta.group(1).decode("ascii").lower().replace("utf-16", "utf-8") if meta else "")
    for charset in (*candidates, "utf-8"):
        if charset:
            try:
                return _nonempty(data.decode(_codec(charset)), where)
            except (LookupError, UnicodeDecodeError):
                continue
    encoding = "cp1252"  # what browsers assume for an undeclared page that is not UTF-8
    if sum(byte >= 0x80 for byte in data[:65536]) >= _DETECT_MIN_BYTES:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536]).best()
        encoding = best.encoding if best is not None else encoding
    return _nonempty(data.decode(encoding, errors="replace"), where)


# Detection needs material: with fewer non-ASCII bytes than this, charset-normalizer took "café" in
# windows-1252 (4 bytes) for Chinese. A Latin-1 article has about one such byte in 40 characters.
_DETECT_MIN_BYTES = 16
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _codec(charset: str) -> str:
    # Browsers read a page labelled ISO-8859-1 or ASCII as windows-1252 (the WHATWG Encoding Standard), whose
    # quotes and dashes at 0x80-0x9F such pages use.
    return "cp1252" if charset in {"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"} else charset


def _nonempty(text: str, where: str) -> str:
    if not text.strip():
        raise InputError(where, "file is empty")
    return text


def _checked(article: RawArticle, body_field: str = "text") -> RawArticle:
    if not article.text.strip():
        raise InputError(_field(article.origin, body_field), "article has no text")
    return check_article(article)


def iter_jsonl(path: Path, on_error: OnError | None = None) -> Iterator[RawArticle]:
    """The articles of a JSONL file, one line at a time: memory stays flat however large the file."""
    try:
        with path.open("rb") as binary:
            if b"\x00" in binary.read(8192):
                raise InputError(str(path), "binary file, not text", "pass .txt, .md, .html or .jsonl articles")
            binary.seek(0)
            lines = (line.decode("utf-8-sig" if number == 1 else "utf-8") for number, line in enumerate(binary, 1))
            yield from _jsonl_articles(lines, str(path), on_error)
    except OSError as error:
        raise InputError(str(path), f"cannot read file: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise InputError(
            str(path),
            f"not UTF-8 text (bad byte {error.object[error.start : error.start + 1]!r} in a line)",
            "convert it, e.g. iconv -t UTF-8",
        ) from None


def _json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    yield from _decode_lines(_read_utf8(path).splitlines(), str(path))


def _decode_lines(lines: Iterable[str], origin: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for line_number, line in enumerate(lines, start=1):
        record = _decode_line(line, f"{origin}:{line_number}")
        if record is not None:
            yield line_number, record


def _decode_line(line: str, where: str) -> dict[str, Any] | None:
    if not line.strip():
        return None
    record = decode_json(line, where)
    if not isinstance(record, dict):
        raise InputError(where, "each line must be a JSON object")
    return record


def _parse_jsonl(lines: Iterable[str], origin: str, on_error: OnError | None = None) -> list[RawArticle]:
    return list(_jsonl_articles(lines, origin, on_error))


def _jsonl_articles(lines: Iterable[str], origin: str, on_error: OnError | None = None) -> Iterator[RawArticle]:
    found = reported = 0
    for line_number, line in enumerate(lines, start=1):
        where = f"{origin}:{line_number}"
        try:
            record = _decode_line(line, where)
            if record is None:
                continue
            if "documents" in record and "text" not in record:
                raise InputError(
                    where, "this is a cluster line, not an article", "use 'storyline batch' for cluster files"
                )
            article = article_from_record(record, where)
        except InputError as error:
            report_unusable(error, on_error)
            reported += 1
            continue
        found += 1
        yield article
    if not found and not reported:
        raise InputError(origin, "no articles in JSONL input")


def article_from_record(record: Mapping[str, Any], where: str) -> RawArticle:
    """An article from a JSON object `{"text", "title"?, "source"?, "url"?, "published"?}` (a JSONL line, or an
    item of an API request); errors name `where` and the field, e.g. "articles[2].published".

    A saved web page may come as `"html"` instead of `"text"`, and a Markdown file as `"markdown"`: they are
    read as an .html or .md file is, and the record's own fields, when given, win over what the page or the
    first heading says."""
    given = [name for name in _BODY_FIELDS if name in record]
    if len(given) > 1:
        raise InputError(_field(where, given[1]), f"both '{given[0]}' and '{given[1]}' given", "send one of them")
    body_field = given[0] if given else "text"
    body = record.get(body_field)
    if not isinstance(body, str):
        if body is None and not given:
            raise InputError(
                _field(where, "text"),
                "missing field 'text' (a string)",
                'each article is {"text": ..., "title"?: ...}, or {"html": ...} or {"markdown": ...}',
            )
        raise InputError(_field(where, body_field), f"field '{body_field}' must be a string")
    limit = MAX_HTML_CHARS if body_field == "html" else MAX_ARTICLE_CHARS
    if len(body) > limit:
        raise InputError(_field(where, body_field), f"field '{body_field}' is over {limit:,} characters")
    fields = {}
    for name in ARTICLE_FIELDS[1:]:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(_field(where, name), f"field '{name}' must be a string")
        if value is not None and len(value) > MAX_FIELD_CHARS:
            raise InputError(_field(where, name), f"field '{name}' is over {MAX_FIELD_CHARS:,} characters")
        # A date is taken as written: " 2026-11-20" is refused rather than guessed at, as the API describes.
        fields[name] = (value or "") if name == "published" else (value or "").strip()
    for name, value in fields.items():
        check_text(value, _field(where, name), name)
    published = check_date(fields["published"], _field(where, "published"))
    body = check_text(body, _field(where, body_field), body_field)
    if body_field == "html":
        read = parse_html(body, _field(where, "html"))
    elif body_field == "markdown":
        read = _checked(_parse_markdown(body, where), "markdown")
    else:
        read = _checked(RawArticle(text=body, origin=where))
    article = replace(
        read,
        origin=where,
        title=fields["title"] or read.title,
        source=fields["source"] or (url_domain(fields["url"]) if fields["url"] else read.source),
        url=fields["url"] or read.url,
        published=published or read.published,
    )
    return check_article(article, where)


# The fields an article's body may come in, as `article_from_record` reads them: exactly one of them.
_BODY_FIELDS = ("text", "html", "markdown")


def article_to_record(article: RawArticle) -> dict[str, str]:
    """The JSON object `article_from_record` reads (an API request item, a JSONL line); empty fields left out."""
    record = {"text": article.text}
    record.update({name: getattr(article, name) for name in ARTICLE_FIELDS[1:] if getattr(article, name)})
    return record


def _field(where: str, name: str) -> str:
    """How an error names a field: "articles[2].published" in a request, the line ("file.jsonl:3") in a file."""
    return f"{where}.{name}" if where.startswith("articles[") else where


def parse_html(html: str, origin: str) -> RawArticle:
    """One article from a web page: its main text and metadata, extracted by trafilatura."""
    if len(html) > MAX_HTML_CHARS:
        raise InputError(
            origin,
            f"{len(html) / 1_000_000:.1f} million characters of HTML, over the {MAX_HTML_CHARS / 1_000_000:g} million"
            " a page is read to",
            "save the article's own page, or its text as .txt",
        )
    try:
        import trafilatura
        from trafilatura.metadata import extract_metadata
    except ImportError as error:  # pragma: no cover - trafilatura is a core dependency
        raise MissingDependencyError(
            f"HTML input needs trafilatura, which failed to import ({error}): pip install trafilatura lxml_html_clean"
        ) from None
    # include_comments=False: the default leaks reader comments into the text
    # (../shared/research/dependencies.md, section 5).
    # A large page skips trafilatura's second and third extractors, which double its time.
    fast = len(html) > _FAST_EXTRACTION_CHARS
    text = _untable(trafilatura.extract(html, include_comments=False, fast=fast) or "")
    # A page built by script holds its story in its schema.org data, for search engines, and shows
    # trafilatura only a caption or a teaser.
    body = _linked_data_body(html) if "articleBody" in html else ""
    if len(body) > _LINKED_BODY_GAIN * len(text.strip()):
        text = body
    with warnings.catch_warnings():
        # dateutil warns on stderr about time zone names it does not know ("EST"); the date is still read.
        warnings.filterwarnings("ignore", message=r"tzname .* identified but not understood")
        # extract(with_metadata=True) drops og:site_name and the canonical link; extract_metadata keeps them.
        # extensive=False: htmldate's search of the whole text took up to 5 s a page on ../shared/field and
        # mostly found copyright years (23 of 25 dates it added were 1 January or a footer's year).
        meta = extract_metadata(html, extensive=False)
    url = (meta.url if meta else None) or ""
    source = outlet_name((meta.sitename if meta else None) or "", url)
    title = clean_title((meta.title if meta else None) or "", source, url)
    # The page's own summary, briefed when its body has no article text; one that only repeats the title
    # says nothing more (a long one is cut to a field's size).
    description = " ".join(((meta.description if meta else None) or "").split())[:MAX_FIELD_CHARS]
    if description.casefold() == title.casefold():
        description = ""
    if not text.strip() and not description:
        raise InputError(origin, "no article text found in the HTML")
    # A page's date tag is the publisher's text: a date that cannot be used leaves the article undated.
    published, problem = usable_date(((meta.date if meta else None) or "")[:10], origin)
    if problem:
        LOGGER.warning("%s: %s; the article is kept undated", origin, problem)
    return check_article(
        RawArticle(
            text=text,
            origin=origin,
            title=title,
            source=source,
            url=url,
            published=published,
            description=description,
        )
    )


# Past this size a page is read by trafilatura's main extractor alone: 0.4 s a million characters instead
# of 0.8 (slate.com1 repeated to 3.4 million: 0.88 s against 1.53, the same text); every page on
# ../shared/field is under 0.4 million.
_FAST_EXTRACTION_CHARS = 1_000_000
# The schema.org body replaces the extracted text when it is more than this many times longer: on
# ../shared/field the bodies of pages trafilatura reads well are within 12% of its text; a script-built
# page gave 151 characters of caption against a 4,312-character body.
_LINKED_BODY_GAIN = 2
_LINKED_DATA = re.compile(r"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)
_BODY_BREAKS = re.compile(r"<br\s*/?>|</p>|</h[1-6]>|</li>", re.IGNORECASE)
_TAGS = re.compile(r"<[^<>]{0,500}>")


def _linked_data_body(page: str) -> str:
    """The longest `articleBody` in the page's JSON-LD blocks, as plain text ("" when there is none)."""
    bodies = []
    for block in _LINKED_DATA.finditer(page):
        try:
            data = json.loads(block.group(1), strict=False)
        except (ValueError, RecursionError):  # the page's own data: a broken or absurdly nested block is skipped
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                body = item.get("articleBody")
                if isinstance(body, str):
                    bodies.append(body)
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    if not bodies:
        return ""
    body = max(bodies, key=len)
    if "<" in body:
        body = _TAGS.sub("", _BODY_BREAKS.sub("\n", body))
    return html_module.unescape(body).strip()


def _untable(text: str) -> str:
    """Table rows as trafilatura writes them ("| cell | cell |") become one paragraph per cell: old pages
    (AP's among them) lay out the whole story in one table cell."""
    if "|" not in text:
        return text
    lines: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
            lines.extend(cell.strip() for cell in stripped[1:-1].split(" | "))
        else:
            lines.append(line)
    return "\n".join(lines)


# Every Markdown pattern runs in time linear in the line: no pattern holds a quantifier inside another, and
# each scan from an opening mark stops at the next mark of its kind, so "**a " x 16,000 or "# a" with 3,000
# spaces cost milliseconds (benchmarks/hostile_inputs.py) where lazy `.+?` scans to the line's end took minutes.
_MD_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
_MD_LINK = re.compile(r"\[([^\[\]]+)\]\([^()]*\)")
# Emphasis markers only at word edges, so "file_name_x" keeps its underscores.
_MD_EMPHASIS = re.compile(
    r"(?<!\w)(?:"
    r"\*\*(?=\S)((?:[^*]|\*(?!\*))+?)(?<=\S)\*\*"
    r"|__(?=\S)((?:[^_]|_(?!_))+?)(?<=\S)__"
    r"|\*(?=\S)([^*]+?)(?<=\S)\*"
    r"|_(?=\S)([^_]+?)(?<=\S)_"
    r"|`(?=\S)([^`]+?)(?<=\S)`"
    r")(?!\w)"
)
_MD_PREFIX = re.compile(r"^\s{0,3}(?:>\s?|[-*+]\s+|\d+[.)]\s+)")


def _parse_markdown(text: str, origin: str) -> RawArticle:
    """Markdown to plain lines: the first `# heading` is the title; links keep their words."""
    title = ""
    lines = []
    for line in text.splitlines():
        heading = _heading(line)
        if heading is not None:
            if not title:
                title = heading
                continue
            line = heading
        line = _MD_IMAGE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPHASIS.sub(_emphasized, line)
        line = _MD_PREFIX.sub("", line)
        lines.append(line)
    return RawArticle(text="\n".join(lines), origin=origin, title=title)


def _heading(line: str) -> str | None:
    """The words of an ATX heading line ("## Title ##"), None for any other line; string methods, not a
    pattern, so a line of spaces costs one pass."""
    body = line.lstrip(" ")
    if len(line) - len(body) > 3 or not body.startswith("#"):
        return None
    words = body.lstrip("#")
    level = len(body) - len(words)
    if level > 6 or not words[:1].isspace():
        return None
    words = words.strip()
    closed = words.rstrip("#")
    if not closed or closed[-1].isspace():  # a closing run of #s counts only after a space
        words = closed.rstrip()
    return words


def _emphasized(match: re.Match[str]) -> str:
    return next(group for group in match.groups() if group is not None)


def _unescape_newlines(document: str) -> str:
    # Multi-News writes paragraph breaks as the token NEWLINE_CHAR.
    return document.replace("NEWLINE_CHAR", "\n")
