"""Split a cleaned article into sentences whose spans index into `article.text`.

We split on newlines first, because every splitter tested joins the lines of a paragraph
(../shared/research/dependencies.md, section 1), then run nupunkt on each paragraph. nupunkt got 23 of 24
tricky cases there (syntok 24) but splits the 105 Multi-News dev clusters in 0.11 s against syntok's 1.26 s,
and segmentation dominates batch time; its one miss joins "... per cent. Dr. Smith ...". Quotations, whose marks
may be lost or run over paragraphs, are read in sentences cut by full stops (`block_sentences`), with the same
abbreviations and the same rule that a quotation is never cut.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .types import Article, Sentence, Span

_PARAGRAPH = re.compile(r"[^\n]+")
_CLOSERS = "\"'’”)]»"

# Words that end in a full stop without ending a sentence; the splitter's model misses titles and legal
# abbreviations common in news ("LAPD Cmdr. Andrew Smith", "United States vs. Nixon"); `block_sentences` uses
# the same list.
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
_CLOSING = dict(_QUOTE_PAIRS)
_OPENING_FIRSTS = tuple(dict.fromkeys(opening[0] for opening, _ in _QUOTE_PAIRS))


# What ends a sentence for the splitter (nupunkt); a paragraph without one before its last character is a
# sentence, whose spans cost the splitter about 5 us (2 of 5 Multi-News dev paragraphs).
_STOPS = (".", "?", "!", "…")


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    import nupunkt

    return nupunkt.load_default_model()


def load_splitter() -> None:
    """Load the splitter's model now, once: worker processes forked after this share it instead of each loading
    it (about 10 ms of CPU apiece)."""
    _tokenizer()


def split(article: Article) -> tuple[Sentence, ...]:
    """Split an article into sentences with offsets into article.text; a quotation is never cut."""
    return _split(article.id, article.text, join_quotations=True)


def statements(article: Article, sentences: tuple[Sentence, ...] | None = None) -> tuple[Sentence, ...]:
    """The units claims compare: the sentences, with a quotation of several sentences cut into them, since
    each sentence of a quotation is a statement another outlet may repeat without the rest. `sentences`,
    `split`'s answer for the article when at hand, are kept for the paragraphs without a quotation mark
    (two in three in news), which both readings cut alike; then, when no quotation joined sentences, the
    answer is `sentences` itself."""
    if sentences is None:
        return _split(article.id, article.text, join_quotations=False)
    units = _split(article.id, article.text, join_quotations=False, reuse=sentences)
    return sentences if units == sentences else units  # (the same objects: compared at once)


def _split(
    article_id: str, text: str, *, join_quotations: bool, reuse: tuple[Sentence, ...] = ()
) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    position = 0  # in `reuse`
    for paragraph_index, match in enumerate(_PARAGRAPH.finditer(text)):
        paragraph = match.group()
        if reuse and not _holds_quote_mark(paragraph):
            while position < len(reuse) and reuse[position].paragraph < paragraph_index:
                position += 1
            while position < len(reuse) and reuse[position].paragraph == paragraph_index:
                sentence = reuse[position]
                if sentence.index != len(sentences):
                    sentence = Sentence(sentence.span, sentence.text, len(sentences), paragraph_index)
                sentences.append(sentence)
                position += 1
            continue
        base = match.start()
        other_stops = not paragraph.isascii() and _OTHER_STOPS.search(paragraph)  # those stops are not ASCII
        quoted = quotations(paragraph) if join_quotations and not other_stops else []
        spans = _script_spans(paragraph) if other_stops else _spans(paragraph, quoted)
        for start, end in spans:
            sentences.append(
                Sentence(
                    span=Span(article_id, base + start, base + end),
                    text=paragraph[start:end],
                    index=len(sentences),
                    paragraph=paragraph_index,
                )
            )
    return tuple(sentences)


def _holds_quote_mark(paragraph: str) -> bool:
    """Whether `paragraph` holds the first character of a quotation's opening mark (`_QUOTE_PAIRS`): one
    without any holds no quotation. (Each mark looked for apart: a search for any of them tries every
    character, a search for one skips to it, or past the paragraph when its characters are narrower.)"""
    return any(first in paragraph for first in _OPENING_FIRSTS)


def _spans(paragraph: str, quoted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A paragraph's sentences, none cutting one of the `quoted` intervals."""
    spans: list[tuple[int, int]] = []
    openings = [start for start, _ in quoted]
    for raw_start, raw_end in _splitter_spans(paragraph):
        piece = paragraph[raw_start:raw_end]
        start = raw_start + (len(piece) - len(piece.lstrip()))
        end = raw_start + len(piece.rstrip())
        if end <= start:
            continue
        # A lone closing quote or bracket left over by the splitter belongs to the sentence before; so does
        # what follows a break after an abbreviation or inside a quotation. (The piece starts with no space.)
        lone = paragraph[start] in _CLOSERS and all(ch in _CLOSERS or ch.isspace() for ch in paragraph[start:end])
        if spans and (
            lone or ends_in_abbreviation(paragraph[: spans[-1][1]]) or inside(spans[-1][1], quoted, openings)
        ):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    if not quoted:
        return spans
    return [piece for span in spans for piece in _after_quotations(paragraph, span, quoted)]


@lru_cache(maxsize=4096)
def _splitter_spans(paragraph: str) -> tuple[tuple[int, int], ...]:
    """The splitter's own spans, kept for the second pass over the same paragraph (`split`, then `statements`)."""
    last = len(paragraph) - 1
    if last >= 0 and not paragraph[last].isspace() and all(paragraph.find(stop, 0, last) < 0 for stop in _STOPS):
        return ((0, len(paragraph)),)  # no stop before the last character: one sentence, as the splitter finds
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
        closing = _CLOSING[opening]
        close = paragraph.find(closing, match.end())
        while opening == "‘" and 0 <= close < len(paragraph) - 1 and paragraph[close + 1].isalnum():
            close = paragraph.find(closing, close + 1)  # an apostrophe (Mali’s), not the closing mark
        if close < 0:
            position = match.end()
            continue
        found.append((match.start(), close + len(closing)))
        position = close + len(closing)
    return found


def inside(position: int, intervals: Sequence[tuple[int, int]], starts: Sequence[int]) -> bool:
    """Whether `position` lies strictly within one of `intervals`, which come in text order and never overlap;
    `starts` holds their starts."""
    k = bisect.bisect_left(starts, position) - 1
    return k >= 0 and intervals[k][0] < position < intervals[k][1]


# --- Sentences by full stops, for quotations --------------------------------------------------------------------

# A run of full stops (with closing marks or a "[3]" note) followed by what can start a sentence. (The first
# stop is written apart from the run: a pattern that opens on a repeat is tried at every character.)
_SENTENCE_END = re.compile(r"[.!?][.!?]*(?:[\"'”’)\]]|\[\d+\])*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def block_sentences(
    text: str, blocks: Sequence[tuple[int, int]], quoted: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Sentence spans of each `(start, end)` block of `text`, cut at full stops followed by a capital, never
    after an abbreviation or within a `quoted` interval (text order, not overlapping). Quotations read
    sentences this way: their marks may be lost or run over paragraphs, which the trained splitter cannot be told."""
    starts = [start for start, _ in quoted]
    sentences: list[tuple[int, int]] = []
    for start, end in blocks:
        current = start
        for match in _SENTENCE_END.finditer(text, start, end):
            boundary = match.end()
            if abbreviation_at(text, match.start()) or inside(boundary, quoted, starts):
                continue
            sentences.append((current, match.start() + len(match.group().rstrip())))
            current = boundary
        sentences.append((current, end))
    return sentences


def abbreviation_at(text: str, dot: int) -> bool:
    """Whether the character at `dot` is an abbreviation's full stop, the word being the letters and dots before
    it. Unlike `ends_in_abbreviation`, any single letter is an initial ("J. Peter Pham", "p. 4", "r. 1294"):
    without the trained splitter's model, lower-case ones would end sentences."""
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    return (len(word) == 1 and word.isalpha()) or word in ABBREVIATIONS


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
