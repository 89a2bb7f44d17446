"""Frozen values passed between the stages.

Every `Span` indexes into the cleaned `Article.text`, so `article.text[span.start:span.end]` is always the
evidence, verbatim. Stages never mutate these values; they build new ones.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RawArticle:
    """An article as read, before cleaning. `origin` says where it came from (path, or path:line)."""

    text: str
    origin: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: str = ""  # ISO date (YYYY-MM-DD) or "" when unknown; never guessed


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of the raw text that cleaning dropped, and why."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article. `text` is what every Span points into."""

    id: str
    text: str
    origin: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: str = ""
    removed: tuple[Removal, ...] = ()


@dataclass(frozen=True, slots=True)
class Span:
    """Characters `start:end` of the cleaned text of article `article_id`."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article: `text == article.text[span.start:span.end]`."""

    span: Span
    text: str
    index: int  # position among the article's sentences, from 0
    paragraph: int  # position of its paragraph in the cleaned text, from 0


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span in one article that reports the content of a summary sentence, with its match score."""

    span: Span
    score: float  # 1.0 for the sentence the summary quotes; lexical overlap for the others


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A summary sentence: quoted verbatim from `evidence[0]`, supported by every span in `evidence`."""

    text: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Articles whose texts are near-identical (reprinted wire copy); they count as one report.

    The first id is the fullest copy, the one selection draws from."""

    article_ids: tuple[str, ...]
    similarity: float


@dataclass(frozen=True, slots=True)
class Briefing:
    """What `storyline.brief` returns: cleaned articles, an attributed summary and the duplicate groups."""

    articles: tuple[Article, ...]
    summary: tuple[SummarySentence, ...]
    duplicates: tuple[DuplicateGroup, ...]
    method: str
    words: int  # the word budget asked for
