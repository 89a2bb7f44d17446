"""Read articles from files, directories, JSONL and stdin; read clusters for batch and eval.

Formats by file ending: `.txt` (title on the first line, optional leading `date YYYY-MM-DD`), `.md`,
`.html`/`.htm` (main text and metadata by trafilatura), `.jsonl` (one article a line). Anything unusable
raises InputError naming the file and line.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from ..errors import InputError, MissingDependencyError
from ..types import RawArticle

TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

# The longest news articles run to about 100,000 characters; far past that, a file is not one article.
MAX_ARTICLE_CHARS = 2_000_000
ARTICLE_FIELDS = ("text", "title", "source", "url", "published")


@dataclass(frozen=True, slots=True)
class Cluster:
    """One event's articles from a cluster file, with reference summaries when the file has them."""

    id: str
    articles: tuple[RawArticle, ...]
    summaries: tuple[str, ...]
    origin: str = ""  # path:line of the cluster in its file


def read_articles(paths: str | Path | Iterable[str | Path]) -> list[RawArticle]:
    """Read every article named by `paths` (files, directories, or "-" for stdin); one path may stand alone."""
    if isinstance(paths, str | Path):
        paths = [paths]
    articles: list[RawArticle] = []
    for path in paths:
        if str(path) == "-":
            articles.extend(read_text_stream(sys.stdin.read(), origin="<stdin>"))
        else:
            articles.extend(_read_path(Path(path)))
    return articles


def read_text_stream(text: str, *, origin: str) -> list[RawArticle]:
    """Articles from text whose format is sniffed: JSONL, HTML or plain text."""
    stripped = text.lstrip()
    if not stripped:
        raise InputError(origin, "no input", "pass article files, a directory, or text on stdin")
    if stripped.startswith("{"):
        return list(_parse_jsonl(text.splitlines(), origin))
    if stripped.startswith("<"):
        return [parse_html(text, origin)]
    return [_checked(RawArticle(text=text, origin=origin))]


def read_clusters(path: str | Path) -> Iterator[Cluster]:
    """Clusters from a JSONL file of `{"id", "documents": [str], "summaries"?: [str]}` lines."""
    for line_number, record in _json_lines(Path(path)):
        where = f"{path}:{line_number}"
        documents = record.get("documents")
        if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
            raise InputError(where, "field 'documents' must be a list of strings", "see the cluster format in README")
        summaries = record.get("summaries", [])
        if not isinstance(summaries, list) or not all(isinstance(s, str) for s in summaries):
            raise InputError(where, "field 'summaries' must be a list of strings")
        cluster_id = str(record.get("id", line_number))
        articles = tuple(
            _checked(RawArticle(text=_unescape_newlines(_utf8(doc, where)), origin=f"{where}#documents[{i}]"))
            for i, doc in enumerate(documents)
            if doc.strip()
        )
        yield Cluster(id=cluster_id, articles=articles, summaries=tuple(summaries), origin=where)


def files_under(directory: Path, suffixes: Iterable[str]) -> list[Path]:
    """The files in `directory` and below whose ending is one of `suffixes`, sorted. Hidden files and folders
    are skipped, so a file written under a hidden name and then renamed is only read once complete."""
    wanted = frozenset(suffixes)
    return sorted(
        path
        for path in directory.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(directory).parts)
        and path.suffix  # LICENSE or Makefile beside the articles is not one; name such a file to read it
        and path.suffix.lower() in wanted
    )


def _read_path(path: Path) -> list[RawArticle]:
    if path.is_dir():
        files = files_under(path, SUPPORTED_SUFFIXES)
        if not files:
            raise InputError(str(path), "directory has no article files", "expected .txt, .md, .html or .jsonl files")
        return [article for file in files for article in _read_file(file)]
    if not path.exists():
        raise InputError(str(path), "no such file or directory")
    return _read_file(path)


def _read_file(path: Path) -> list[RawArticle]:
    text = _read_utf8(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return list(_parse_jsonl(text.splitlines(), str(path)))
    if suffix in HTML_SUFFIXES:
        return [parse_html(text, str(path))]
    if suffix in MARKDOWN_SUFFIXES:
        return [_checked(_parse_markdown(text, str(path)))]
    return [_checked(RawArticle(text=text, origin=str(path)))]


def _read_utf8(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read file: {error.strerror or error}") from None
    if b"\x00" in data[:8192]:
        raise InputError(str(path), "binary file, not text", "pass .txt, .md, .html or .jsonl articles")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            str(path), f"not UTF-8 text (bad byte at offset {error.start})", "convert it, e.g. iconv -t UTF-8"
        ) from None
    if not text.strip():
        raise InputError(str(path), "file is empty")
    return text


def _checked(article: RawArticle, body_field: str = "text") -> RawArticle:
    if not article.text.strip():
        raise InputError(_field(article.origin, body_field), "article has no text")
    if len(article.text) > MAX_ARTICLE_CHARS:
        megabytes = len(article.text) / 1_000_000
        raise InputError(
            article.origin,
            f"{megabytes:.1f} million characters is too long for one article",
            "split it into articles, one per file or one per JSONL line",
        )
    return article


def iter_jsonl(path: Path) -> Iterator[RawArticle]:
    """The articles of a JSONL file, one line at a time: memory stays flat however large the file."""
    try:
        with path.open("rb") as binary:
            if b"\x00" in binary.read(8192):
                raise InputError(str(path), "binary file, not text", "pass .txt, .md, .html or .jsonl articles")
            binary.seek(0)
            lines = (line.decode("utf-8-sig" if number == 1 else "utf-8") for number, line in enumerate(binary, 1))
            yield from _parse_jsonl(lines, str(path))
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
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problem = f"not valid JSON ({error.msg} at column {error.colno})"
            raise InputError(f"{origin}:{line_number}", problem) from None
        if not isinstance(record, dict):
            raise InputError(f"{origin}:{line_number}", "each line must be a JSON object")
        yield line_number, record


def _parse_jsonl(lines: Iterable[str], origin: str) -> Iterator[RawArticle]:
    found = False
    for line_number, record in _decode_lines(lines, origin):
        where = f"{origin}:{line_number}"
        if "documents" in record and "text" not in record:
            raise InputError(where, "this is a cluster line, not an article", "use 'storyline batch' for cluster files")
        found = True
        yield article_from_record(record, where)
    if not found:
        raise InputError(origin, "no articles in JSONL input")


def article_from_record(record: Mapping[str, Any], where: str) -> RawArticle:
    """An article from a JSON object `{"text", "title"?, "source"?, "url"?, "published"?}` (a JSONL line, or an
    item of an API request); errors name `where` and the field, e.g. "articles[2].published".

    A saved web page may come as `"html"` instead of `"text"`, and a Markdown file as `"markdown"`: they are
    read as an .html or .md file is, and the record's own fields, when given, win over what the page or the
    first heading says."""
    given = [name for name in _BODY_FIELDS if record.get(name) is not None]
    if len(given) > 1:
        raise InputError(_field(where, given[1]), f"both '{given[0]}' and '{given[1]}' given", "send one of them")
    body_field = given[0] if given else "text"
    body = record.get(body_field)
    if not isinstance(body, str):
        if body is None:
            raise InputError(
                _field(where, "text"),
                "missing field 'text' (a string)",
                'each article is {"text": ..., "title"?: ...}, or {"html": ...} or {"markdown": ...}',
            )
        raise InputError(_field(where, body_field), f"field '{body_field}' must be a string")
    fields = {}
    for name in ARTICLE_FIELDS[1:]:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(_field(where, name), f"field '{name}' must be a string")
        fields[name] = (value or "").strip()
    published = _iso_date(fields["published"], _field(where, "published"))
    body = _utf8(body, _field(where, body_field))
    if body_field == "html":
        read = parse_html(body, _field(where, "html"))
    elif body_field == "markdown":
        read = _checked(_parse_markdown(body, where), "markdown")
    else:
        read = _checked(RawArticle(text=body, origin=where))
    return replace(
        read,
        origin=where,
        title=fields["title"] or read.title,
        source=fields["source"] or (url_domain(fields["url"]) if fields["url"] else read.source),
        url=fields["url"] or read.url,
        published=published or read.published,
    )


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


def _utf8(text: str, where: str) -> str:
    """`text`, refused when a JSON escape left half of a surrogate pair in it (not encodable text)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InputError(
            where, f"text holds an unpaired surrogate {text[error.start]!r}", "fix the \\uXXXX escape"
        ) from None
    return text


def _iso_date(value: str, where: str) -> str:
    """Keep the YYYY-MM-DD part of an ISO date or datetime; refuse anything else rather than guess."""
    if not value:
        return ""
    match = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$", value)
    if not match:
        raise InputError(where, f"field 'published' is not an ISO date: {value!r}", "use YYYY-MM-DD")
    return match.group(1)


def parse_html(html: str, origin: str) -> RawArticle:
    """One article from a web page: its main text and metadata, extracted by trafilatura."""
    try:
        import trafilatura
        from trafilatura.metadata import extract_metadata
    except ImportError as error:  # pragma: no cover - trafilatura is a core dependency
        raise MissingDependencyError(
            f"HTML input needs trafilatura, which failed to import ({error}): pip install trafilatura lxml_html_clean"
        ) from None
    # include_comments=False: the default leaks reader comments into the text
    # (../shared/research/dependencies.md, section 5).
    text = trafilatura.extract(html, include_comments=False)
    if not text:
        raise InputError(origin, "no article text found in the HTML")
    # extract(with_metadata=True) drops og:site_name and the canonical link; extract_metadata keeps them.
    meta = extract_metadata(html)
    url = (meta.url if meta else None) or ""
    return _checked(
        RawArticle(
            text=text,
            origin=origin,
            title=(meta.title if meta else None) or "",
            source=(meta.sitename if meta else None) or url_domain(url),
            url=url,
            published=((meta.date if meta else None) or "")[:10],
        )
    )


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
# Emphasis markers only at word edges, so "file_name_x" keeps its underscores.
_MD_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_MD_PREFIX = re.compile(r"^\s{0,3}(?:>\s?|[-*+]\s+|\d+[.)]\s+)")


def _parse_markdown(text: str, origin: str) -> RawArticle:
    """Markdown to plain lines: the first `# heading` is the title; links keep their words."""
    title = ""
    lines = []
    for line in text.splitlines():
        heading = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            if not title:
                title = heading.group(1)
                continue
            line = heading.group(1)
        line = _MD_IMAGE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
        line = _MD_PREFIX.sub("", line)
        lines.append(line)
    return RawArticle(text="\n".join(lines), origin=origin, title=title)


def url_domain(url: str) -> str:
    """The host of `url` without "www.": the outlet's name when nothing better is given."""
    try:
        host = urlparse(url).hostname or ""
    except ValueError:  # "http://[oops/": a feed's link is third-party text
        return ""
    return host.removeprefix("www.")


def _unescape_newlines(document: str) -> str:
    # Multi-News writes paragraph breaks as the token NEWLINE_CHAR.
    return document.replace("NEWLINE_CHAR", "\n")
