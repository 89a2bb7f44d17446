"""The language of an article, to run the English-only stages (actors, quotes) on English text alone.

Two signals, both instant and offline: the script (Han with kana is Japanese, Hangul Korean, Thai Thai,
Devanagari Hindi, Greek Greek, Hebrew Hebrew; letters such as ے or ы tell Urdu from Arabic and Russian from
Ukrainian), and for Latin script the share of each language's commonest function words ("the", "of" against
"le", "der", "el", ...). Text these cannot name is named by py3langid when the `languages` extra is
installed, else reported as "und" (undetermined), which is not English either. py3langid is not the first
resort: loading its model takes about 1.8 s, longer than a whole briefing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from .numeric import import_quietly

ENGLISH = "en"
UNDETERMINED = "und"

# The commonest function words of each Latin-script language; English words that other languages share
# ("a", "in", "die" in German) appear in one list only, where they are commonest.
_FUNCTION_WORDS = {
    "en": "the of and to is was that for on with as by at from it this are were have has be which".split(),  # noqa: SIM905
    "fr": "le la les des du une est et en que qui dans pour pas sur au avec ce il sont été aux par".split(),  # noqa: SIM905
    "de": "der die das und ist nicht den von mit sich des auf für ein eine dem zu im auch sie wird".split(),  # noqa: SIM905
    "es": "el la los las del que y en un una por con para es se al lo como más su fue".split(),  # noqa: SIM905
    "it": "il di che la per non un una del della sono è le gli nel alla con si anche".split(),  # noqa: SIM905
    "pt": "o a os as do da dos das que e em um uma para com não por se no na é".split(),  # noqa: SIM905
    "nl": "de het een van en in is dat op te zijn met voor niet aan ook als door er".split(),  # noqa: SIM905
}
_WORD_LANGUAGES: dict[str, list[str]] = {}
for _language, _words in _FUNCTION_WORDS.items():
    for _word in _words:
        _WORD_LANGUAGES.setdefault(_word, []).append(_language)
_LATIN_WORD = re.compile(r"[a-zà-öø-ÿ]+")
_NOT_LATIN_WORD_BYTES = bytes(byte if _LATIN_WORD.fullmatch(chr(byte)) else 32 for byte in range(256))
_NOT_LETTER_BYTES = bytes(b for b in range(128) if not chr(b).isalpha())
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# A Latin-script text is named by its function words when they make at least this share of its words (or
# number this many) and the best language leads the next by this factor (article text runs at 0.3-0.45
# function words; of the 255 ../shared/field pages with text, one needed py3langid).
_MIN_FUNCTION_SHARE = 0.12
_MIN_LEAD = 1.5
_MIN_FUNCTION_WORDS = 3
_UNKNOWN_MIN_WORDS = 20
_SAMPLE_CHARS = 4000

# Script ranges: (first, last code point, language or script tag).
_SCRIPTS = (
    (0x3040, 0x30FF, "kana"),
    (0x4E00, 0x9FFF, "han"),
    (0x3400, 0x4DBF, "han"),
    (0xAC00, 0xD7AF, "ko"),
    (0x0E00, 0x0E7F, "th"),
    (0x0900, 0x097F, "hi"),
    (0x0370, 0x03FF, "el"),
    (0x0590, 0x05FF, "he"),
    (0x0600, 0x06FF, "arabic"),
    (0x0400, 0x04FF, "cyrillic"),
)


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language of `text` ("en", "fr", "zh", ...), or "und" when unsure."""
    sample = text[:_SAMPLE_CHARS]
    scripts: Counter[str] = Counter()
    # ASCII letters are counted in bytes (the others dropped); only the other characters are looked at one by one.
    letters = len(sample.encode("ascii", "ignore").translate(None, _NOT_LETTER_BYTES))
    if letters:
        scripts["latin"] = letters
    for char in _NON_ASCII.findall(sample):
        if not char.isalpha():
            continue
        letters += 1
        code = ord(char)
        if code < 0x0250:
            scripts["latin"] += 1
            continue
        for first, last, tag in _SCRIPTS:
            if first <= code <= last:
                scripts[tag] += 1
                break
    if not letters:
        return UNDETERMINED
    script, count = scripts.most_common(1)[0] if scripts else ("", 0)
    if script == "latin" and count >= 0.5 * letters:
        return _latin_language(sample, letters)
    if scripts["kana"]:
        return "ja"
    if script == "han":
        return "zh"
    if script in {"ko", "th", "hi", "el", "he"}:
        return script
    if script in _LETTER_CUES:
        for cue_language, cue_letters in _LETTER_CUES[script]:
            if any(letter in sample for letter in cue_letters):
                return cue_language
    return _model_language(sample)


# Letters that only some languages of a script use, tried in order; text with none of them goes to py3langid.
_LETTER_CUES: dict[str, tuple[tuple[str, str], ...]] = {
    "arabic": (("ur", "ےۓٹڈڑںۂ۔"), ("fa", "پچژگ"), ("ar", "ةى")),
    "cyrillic": (("uk", "іїєґ"), ("sr", "ђћџљњј"), ("ru", "ыэё"), ("bg", "ъ")),
}


# Letters of Latin-script languages without a word list above; a text using them often (not a name or two,
# as "Wałęsa" in English) is in that language, or for the Nordic ones in a language py3langid names.
_LATIN_LETTER_CUES = (("pl", "łśźżćęąń"), ("cs", "řěů"), ("tr", "ğış"), ("ro", "șțş"), ("hu", "őű"), ("", "åøæ"))
_LETTER_CUE_SHARE = 0.01
_CUE_LETTER = re.compile("[" + "".join(letters for _language, letters in _LATIN_LETTER_CUES) + "]")


def _latin_language(text: str, letters: int) -> str:
    """The language of Latin-script `text` with `letters` letters (lower case keeps their count)."""
    lowered = text.lower()
    # The cue letters are found in one pass (none in ASCII text), then counted language by language.
    found = Counter(_CUE_LETTER.findall(lowered)) if not lowered.isascii() else Counter()
    for language, cues in _LATIN_LETTER_CUES if found else ():
        used = sum(found[cue] for cue in cues)
        if used >= 3 and used >= _LETTER_CUE_SHARE * letters:
            return language or _model_language(text)
    words = _latin_words(lowered)
    counts = Counter(words)
    scores: Counter[str] = Counter()
    # Each function word looked up once (a text has more distinct words than the lists have); the order in which
    # languages gain scores decides nothing: a clear lead is a unique maximum.
    for word, languages in _WORD_LANGUAGES.items():
        if word in counts:
            for language in languages:
                scores[language] += counts[word]
    ranked = scores.most_common(2)
    clear = ranked and (len(ranked) < 2 or ranked[0][1] >= _MIN_LEAD * ranked[1][1])
    # Lists and tables (schedules, results) have few function words; a clear lead among them still tells.
    if clear and (ranked[0][1] >= _MIN_FUNCTION_SHARE * len(words) or ranked[0][1] >= _MIN_FUNCTION_WORDS):
        return ranked[0][0]
    # Too few function words to tell ("Loading weather data ..."): English, the pipeline's own language, when
    # no other language has more of them and the text is short; else py3langid decides (Polish, Swedish, ...).
    if scores[ENGLISH] >= max(scores.values(), default=0) and (scores or len(words) < _UNKNOWN_MIN_WORDS):
        return ENGLISH
    return _model_language(text)


def _latin_words(lowered: str) -> list[str]:
    """`_LATIN_WORD.findall(lowered)` without a pattern: what the pattern does not match made a space ("?" for
    the characters past Latin-1), then split."""
    return lowered.encode("latin-1", "replace").translate(_NOT_LATIN_WORD_BYTES).decode("latin-1").split()


def _model_language(text: str) -> str:
    classify = _classifier()
    return UNDETERMINED if classify is None else classify(text)


@lru_cache(maxsize=1)
def _classifier() -> Callable[[str], str] | None:
    try:
        py3langid = import_quietly("py3langid")  # the `languages` extra; it loads numpy
    except ImportError:
        return None
    return lambda text: str(py3langid.classify(text)[0])
