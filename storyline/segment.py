"""Split a cleaned article into sentences whose spans index into `article.text`.

We split on newlines first, because every splitter tested joins the lines of a paragraph
(../shared/research/dependencies.md, section 1), then run nupunkt on each paragraph. nupunkt got 23 of 24
tricky cases there (syntok 24) but splits the 105 Multi-News dev clusters in 0.11 s against syntok's 1.26 s,
and segmentation dominates batch time; its one miss joins "... per cent. Dr. Smith ...".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .types import Article, Sentence, Span

_PARAGRAPH = re.compile(r"[^\n]+")
_CLOSERS = "\"'’”)]»"

# Words that end in a full stop without ending a sentence; the splitter's model misses titles and legal
# abbreviations common in news ("LAPD Cmdr. Andrew Smith", "United States vs. Nixon"). Quotations use the same
# list to find sentence ends.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "col",
        "lt",
        "capt",
        "sgt",
        "maj",
        "prof",
        "rev",
        "hon",
        "gov",
        "sen",
        "rep",
        "jr",
        "sr",
        "co",
        "corp",
        "inc",
        "ltd",
        "no",
        "vs",
        "v",
        "etc",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
        "jan",
        "feb",
        "aug",
        "sept",
        "oct",
        "nov",
        "dec",
        "fig",
        "cmdr",
        "cmndr",
        "comdr",
        "adm",
        "brig",
        "supt",
        "insp",
        "det",
        "cpl",
        "pvt",
        "cmdt",
        "atty",
        "ft",
        "mt",
        "rt",
    ]
)
# Quotation marks that open, each with the mark that closes it: curly, guillemets, low-high (German),
# TeX-style doubled backticks, straight double quotes, and single curly marks (skipping apostrophes).
_QUOTE_PAIRS = (("“", "”"), ("«", "»"), ("„", "“"), ("``", "''"), ('"', '"'), ("‘", "’"))
_OPENERS = re.compile("|".join(re.escape(opening) for opening, _ in _QUOTE_PAIRS))


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    import nupunkt

    return nupunkt.load_default_model()


def split(article: Article) -> tuple[Sentence, ...]:
    """Split an article into sentences with offsets into article.text; a quotation is never cut."""
    return _split(article, join_quotations=True)


def statements(article: Article) -> tuple[Sentence, ...]:
    """The units claims compare: the sentences, with a quotation of several sentences cut into them, since
    each sentence of a quotation is a statement another outlet may repeat without the rest."""
    return _split(article, join_quotations=False)


def _split(article: Article, *, join_quotations: bool) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    for paragraph_index, match in enumerate(_PARAGRAPH.finditer(article.text)):
        base = match.start()
        paragraph = match.group()
        spans = _script_spans(paragraph) if _OTHER_STOPS.search(paragraph) else _spans(paragraph, join_quotations)
        for start, end in spans:
            sentences.append(
                Sentence(
                    span=Span(article.id, base + start, base + end),
                    text=paragraph[start:end],
                    index=len(sentences),
                    paragraph=paragraph_index,
                )
            )
    return tuple(sentences)


def _spans(paragraph: str, join_quotations: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    quoted = quotations(paragraph) if join_quotations else []
    for raw_start, raw_end in _splitter_spans(paragraph):
        piece = paragraph[raw_start:raw_end]
        start = raw_start + (len(piece) - len(piece.lstrip()))
        end = raw_start + len(piece.rstrip())
        if end <= start:
            continue
        # A lone closing quote or bracket left over by the splitter belongs to the sentence before; so does
        # what follows a break after an abbreviation or inside a quotation.
        lone = all(ch in _CLOSERS or ch.isspace() for ch in paragraph[start:end])
        if spans and (lone or ends_in_abbreviation(paragraph[: spans[-1][1]]) or inside(spans[-1][1], quoted)):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return [piece for span in spans for piece in _after_quotations(paragraph, span, quoted)]


@lru_cache(maxsize=4096)
def _splitter_spans(paragraph: str) -> tuple[tuple[int, int], ...]:
    """The splitter's own spans, kept for the second pass over the same paragraph (`split`, then `statements`)."""
    return tuple(_tokenizer().span_tokenize(paragraph))


def _after_quotations(paragraph: str, span: tuple[int, int], quoted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`span` cut after each quotation in it that ends a sentence and is followed by a capital: the splitter
    does not end a sentence after » or a closing „ “ quotation."""
    pieces = []
    start = span[0]
    for _, close in quoted:
        if not start < close < span[1] or not re.match(r"\s+[A-Z]", paragraph[close : span[1]]):
            continue
        if paragraph[start:close].rstrip("»“”'\" ").endswith((".", "!", "?")):
            pieces.append((start, close))
            start = close + len(paragraph[close : span[1]]) - len(paragraph[close : span[1]].lstrip())
    pieces.append((start, span[1]))
    return pieces


def ends_in_abbreviation(text: str) -> bool:
    """Whether `text` ends with an abbreviation's full stop ("Cmdr.", "vs.", "U.S.") rather than a sentence's.

    A single capital is an initial ("J. Peter Pham"); "U.S." and "No." end sentences too, but far less often
    than they start a name or a number in news text."""
    stripped = text.rstrip()
    if not stripped.endswith("."):
        return False
    word = stripped[:-1].rsplit(None, 1)[-1] if stripped[:-1].strip() else ""
    word = word.lstrip("(\"'“‘`«„")
    return (len(word) == 1 and word.isupper()) or word.lower() in ABBREVIATIONS


def quotations(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of every closed quotation in a paragraph, marks included, in every quote style; a
    quotation left open is not returned (a stray mark must not swallow the rest of the paragraph)."""
    found = []
    position = 0
    while match := _OPENERS.search(paragraph, position):
        opening = match.group()
        closing = dict(_QUOTE_PAIRS)[opening]
        close = paragraph.find(closing, match.end())
        while opening == "‘" and 0 <= close < len(paragraph) - 1 and paragraph[close + 1].isalnum():
            close = paragraph.find(closing, close + 1)  # an apostrophe (Mali’s), not the closing mark
        if close < 0:
            position = match.end()
            continue
        found.append((match.start(), close + len(closing)))
        position = close + len(closing)
    return found


def inside(position: int, intervals: list[tuple[int, int]]) -> bool:
    """Whether `position` lies strictly within one of `intervals`."""
    return any(start < position < end for start, end in intervals)


# Full stops of scripts nupunkt does not know: Chinese and Japanese 。！？, Devanagari danda ।, Urdu ۔, Arabic ؟,
# Thai ฯ (Thai mostly separates sentences by a space, which `_script_spans` takes for a break between Thai words).
_OTHER_STOPS = re.compile(r"[。！？।॥۔؟ฯ]|[\u0e00-\u0e7f]\s+[\u0e00-\u0e7f]")
_SCRIPT_BREAK = re.compile(r"(?<=[。！？।॥۔؟ฯ])[\"'’”」』）)]*\s*|(?<=[\u0e00-\u0e7f])\s+(?=[\u0e00-\u0e7f])")


def _script_spans(paragraph: str) -> list[tuple[int, int]]:
    """Sentences of a paragraph written in a script with its own full stops, or none (Thai)."""
    spans = []
    start = 0
    for match in _SCRIPT_BREAK.finditer(paragraph):
        end = match.start() + len(match.group().rstrip())
        if paragraph[start:end].strip():
            spans.append((start, end))
        start = match.end()
    if paragraph[start:].strip():
        spans.append((start, len(paragraph.rstrip())))
    return spans
