"""Words for comparing sentences: lowercase, stopwords dropped, Snowball stems.

Shared by selection, attribution and duplicate detection so that "detained" in one outlet matches
"detain" in another. Not used for anything shown to a reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import chain

import Stemmer

from .data import word_list

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
# Text in other scripts: its words are runs of letters, and runs in scripts written without spaces (Chinese,
# Japanese, Thai) count as overlapping pairs of characters, the usual unit for comparing such text.
_ANY_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?|[^\W\d_]+")
_SPACELESS = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_OTHER_SCRIPT = re.compile(r"[^\x00-\u024f\u2000-\u206f]")

# English function words; content words are what tells two sentences apart.
STOPWORDS = frozenset(word_list("stopwords"))

# Snowball (Porter 2) is close to the Porter stemmer ROUGE matches words with; PyStemmer is its C build,
# about 30 times faster than the pure-Python one, which took a third of batch time. Its own cache is off: a
# dict in front answers a word seen before four times faster.
_STEMMER = Stemmer.Stemmer("english", 0)
_STEMS: dict[str, str] = {}
# Words whose stems are kept (about 13 MB; the 105 Multi-News dev clusters have 18,000): a long batch run meets
# more, and then starts the dict again.
_STEMS_KEPT = 100_000


def stem(word: str) -> str:
    """The Snowball stem of a lowercase word."""
    found = _STEMS.get(word)
    if found is None:
        if len(_STEMS) >= _STEMS_KEPT:
            _STEMS.clear()
        found = _STEMS[word] = str(_STEMMER.stemWord(word))
    return found


def tokens(text: str) -> list[str]:
    """All words of `text`, lowercased, apostrophes normalized."""
    if text.isascii():
        return _latin_words(text.lower().encode("ascii"))
    lowered = text.lower().replace("’", "'")
    if not _OTHER_SCRIPT.search(text):
        # Every other character separates words, as "?" does.
        return _latin_words(lowered.encode("ascii", "replace"))
    found: list[str] = []
    for word in _ANY_WORD.findall(lowered):
        if _SPACELESS.fullmatch(word) and len(word) > 2:
            found.extend(word[i : i + 2] for i in range(len(word) - 1))
        else:
            found.append(word)
    return found


# What is not a letter, a digit or an apostrophe made a space, so `split` cuts the runs `_WORD` finds.
_SPACED = bytes(byte if chr(byte) in "abcdefghijklmnopqrstuvwxyz0123456789'" else 32 for byte in range(256))


def _latin_words(lowered: bytes) -> list[str]:
    """`_WORD.findall` of lower-case ASCII text without a pattern over every character: a run of letters and
    digits is a word, and only a run with an apostrophe ("it's", "rock'n'roll") needs the pattern."""
    found = lowered.translate(_SPACED).decode("ascii").split()
    if b"'" not in lowered:
        return found
    return [word for run in found for word in ((run,) if "'" not in run else _WORD.findall(run))]


# Sentences whose words are kept for stemming after copy finding read them: a story of about 130 articles (a
# Multi-News dev cluster has up to 529 sentences). The words are strings of their own, 1.4 kB a sentence, so
# this holds at most about 6 MB; a larger story reads its words again, as it did before they were shared.
_SENTENCE_TOKENS_KEPT = 4096


@lru_cache(maxsize=_SENTENCE_TOKENS_KEPT)
def sentence_tokens(text: str) -> tuple[str, ...]:
    """`tokens` of a sentence, cached: copy finding reads an article's words from its sentences, and stemming
    reads them again."""
    return tuple(tokens(text))


def joined_tokens(text: str, sentences: Iterable[str]) -> list[str]:
    """`tokens(text)` read from the `sentences` of `text` (in order, holding all of it but the spaces between
    them, as `segment.split` cuts it). Text in another script is read whole: a sentence of it alone may be
    read with the Latin-script pattern that the whole text is not."""
    if not text.isascii() and _OTHER_SCRIPT.search(text):
        return tokens(text)
    return list(chain.from_iterable(map(sentence_tokens, sentences)))


@lru_cache(maxsize=131072)
def stems(text: str) -> tuple[str, ...]:
    """Stems of all words of `text`, in order (cached: selection and attribution both need them)."""
    words = sentence_tokens(text)
    try:
        return tuple(map(_STEMS.__getitem__, words))
    except KeyError:
        return tuple(map(stem, words))


def content_stems(text: str) -> list[str]:
    """Stems of the content words of `text`, in order, repeats kept."""
    return [s for s in stems(text) if s not in STOPWORDS and len(s) > 1]


@lru_cache(maxsize=131072)
def content_counts(text: str) -> Mapping[str, int]:
    """How often each content stem occurs in `text`, in order of first use (cached and shared: do not modify)."""
    counts: dict[str, int] = {}
    for found in stems(text):  # as `content_stems` filters them, without a list and a Counter between
        if found not in STOPWORDS and len(found) > 1:
            counts[found] = counts.get(found, 0) + 1
    return counts


_LOWER_RUN = re.compile(r"[a-z]+")


@lru_cache(maxsize=65536)
def lower_words(text: str) -> frozenset[str]:
    """The runs of letters a-z in lower-cased `text` (cached: the date and number finders both decide from a
    sentence's words which of their patterns to try)."""
    return frozenset(_LOWER_RUN.findall(text.lower()))


def word_count(text: str) -> int:
    """Words as a reader (and ROUGE truncation) counts them: runs of non-space; in scripts written without
    spaces, one more for every two characters (a Chinese word has about 1.5 of them)."""
    count = len(text.split())
    if not text.isascii():
        count += sum(len(run) // 2 for run in _SPACELESS.findall(text))
    return count


@lru_cache(maxsize=16)
def speech_verb_forms(use: str) -> tuple[tuple[str, ...], ...]:
    """The verbs of saying tagged `use` in data/speech-verbs.txt, each as its words (("said",), ("called",
    "on"), ...), in the file's order.

    Tags: say, first, clause, object, name, boundary, noun (described in the file)."""
    forms = []
    for entry in word_list("speech-verbs"):
        form, _, tags = entry.partition(":")
        if use in tags.split():
            forms.append(tuple(form.split()))
    if not forms:
        raise ValueError(f"no verb of saying is tagged {use!r} in storyline/data/speech-verbs.txt")
    return tuple(forms)


@lru_cache(maxsize=16)
def speech_verbs(use: str) -> str:
    """A regular-expression alternation of the verbs of saying tagged `use` (`speech_verb_forms`). A form of two
    words matches any run of spaces between them ("called on")."""
    return "|".join(r"\s+".join(re.escape(word) for word in form) for form in speech_verb_forms(use))
