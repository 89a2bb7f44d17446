"""Numbers stated in a sentence, normalized to base units so that outlets' figures can be compared.

`find_quantities` reads each figure with its modifier ("at least", "about", "up to") and its unit or counted
noun, as an interval in base units ("about 15 kilometres" and "about ten miles" are one distance);
`compare_quantities` says whether a set of figures can all be true: their intervals overlap once stretched by
a tolerance, 25% for approximate wording, 10% for exact measurements (converted figures are rounded), and
only the stated precision for counts, money and percentages. `find_times` reads times of day as minutes after
midnight, half an hour either way when approximate. Units convert through a small table of our own (pint's
import alone took 0.7 s). docs/extraction.md gives the rules with examples.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any, NamedTuple

from .types import Quantity, Sentence, Span, ValueComparison
from .words import STOPWORDS, lower_words, stems

INFINITY = math.inf

# Relative tolerances when intervals are compared; docs/extraction.md gives the reasons and examples.
APPROXIMATE_TOLERANCE = 0.25
MEASUREMENT_TOLERANCE = 0.10
MEASURED = frozenset({"length", "mass", "duration", "speed", "area"})
TIME_TOLERANCE_MINUTES = 30.0

# --- Units: spelling -> (dimension, base unit, factor to the base unit) --------------------------------------

_MILE = 1609.344
_YEAR = 365.2425 * 86400  # mean Gregorian year
_MONTH = _YEAR / 12

_UNITS: dict[str, tuple[str, str, float]] = {}


def _add(dimension: str, base: str, factor: float, *spellings: str) -> None:
    for spelling in spellings:
        _UNITS[spelling] = (dimension, base, factor)


_add("length", "m", 1000.0, "km", "kms", "kilometre", "kilometres", "kilometer", "kilometers")
_add("length", "m", 1.0, "m", "metre", "metres", "meter", "meters")
_add("length", "m", 0.01, "cm", "centimetre", "centimetres", "centimeter", "centimeters")
_add("length", "m", 0.001, "mm", "millimetre", "millimetres", "millimeter", "millimeters")
_add("length", "m", _MILE, "mile", "miles", "mi")
_add("length", "m", 1852.0, "nautical mile", "nautical miles")
_add("length", "m", 0.9144, "yard", "yards", "yd", "yds")
_add("length", "m", 0.3048, "foot", "feet", "ft")
_add("length", "m", 0.0254, "inch", "inches")
_add("mass", "kg", 1.0, "kg", "kgs", "kilogram", "kilograms", "kilogramme", "kilogrammes", "kilo", "kilos")
_add("mass", "kg", 0.001, "gram", "grams", "gramme", "grammes")
# "tons" may be short (907 kg), long (1016 kg) or metric; 1000 kg is within 10% of all three.
_add("mass", "kg", 1000.0, "tonne", "tonnes", "ton", "tons", "metric ton", "metric tons")
# "pounds" is read as weight; money in pounds is nearly always written "£" in news copy.
_add("mass", "kg", 0.45359237, "pound", "pounds", "lb", "lbs")
_add("mass", "kg", 0.028349523125, "ounce", "ounces", "oz")
_add("duration", "s", 1.0, "second", "seconds", "sec", "secs")
_add("duration", "s", 60.0, "minute", "minutes", "min", "mins")
_add("duration", "s", 3600.0, "hour", "hours", "hr", "hrs")
_add("duration", "s", 86400.0, "day", "days")
_add("duration", "s", 7 * 86400.0, "week", "weeks")
_add("duration", "s", 14 * 86400.0, "fortnight", "fortnights")
_add("duration", "s", _MONTH, "month", "months")
_add("duration", "s", _YEAR, "year", "years")
_add("duration", "s", 10 * _YEAR, "decade", "decades")
_add("duration", "s", 100 * _YEAR, "century", "centuries")
_add("speed", "m/s", 1 / 3.6, "km/h", "kmh", "kph", "km an hour", "km per hour")
_add("speed", "m/s", 1 / 3.6, "kilometres an hour", "kilometres per hour", "kilometers an hour")
_add("speed", "m/s", 1 / 3.6, "kilometers per hour")
_add("speed", "m/s", _MILE / 3600, "mph", "miles an hour", "miles per hour")
_add("speed", "m/s", 1852.0 / 3600, "knot", "knots")
_add("speed", "m/s", 1.0, "m/s", "metres per second", "meters per second", "metres a second", "meters a second")
_add("speed", "m/s", 1000.0, "km/s", "kilometres per second", "kilometers per second", "kilometres a second")
_add("speed", "m/s", _MILE, "miles per second", "miles a second")
_add("area", "m2", 1e6, "km2", "km²", "sq km", "square kilometre", "square kilometres", "square kilometer")
_add("area", "m2", 1e6, "square kilometers")
_add("area", "m2", _MILE * _MILE, "sq mile", "sq miles", "square mile", "square miles")
_add("area", "m2", 1.0, "m2", "m²", "sq m", "square metre", "square metres", "square meter", "square meters")
_add("area", "m2", 0.09290304, "sq ft", "square foot", "square feet")
_add("area", "m2", 1e4, "hectare", "hectares", "ha")
_add("area", "m2", 4046.8564224, "acre", "acres")
_add("percent", "%", 1.0, "%", "per cent", "percent", "pct")
_add("percent", "pp", 1.0, "percentage point", "percentage points")
_add("money", "USD", 1.0, "dollar", "dollars", "us dollars", "usd")
_add("money", "EUR", 1.0, "euro", "euros", "eur")
_add("money", "GBP", 1.0, "pounds sterling", "gbp")

# Units that may follow "a"/"an" as the number one ("a mile"): lengths, masses and areas only, since "a day",
# "a year", "a ton of criticism" are mostly not amounts.
_ARTICLE_UNITS = (
    "mile", "kilometre", "kilometer", "metre", "meter", "foot", "yard", "kilogram", "kilo", "tonne", "hectare",
    "acre", "square mile", "square kilometre", "square kilometer",
)  # fmt: skip

_CURRENCY_SYMBOLS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "A$": "AUD", "C$": "CAD", "HK$": "HKD"}
_CURRENCY_SYMBOLS |= {"NZ$": "NZD", "USD": "USD", "EUR": "EUR", "GBP": "GBP"}

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SHORT_SCALES = {"bn": 1e9, "mn": 1e6, "tn": 1e12, "m": 1e6, "k": 1e3}  # "m", "k" only after a currency

# Vague plurals: the range a reader takes them to mean (value = low).
_VAGUE = {
    "dozens": (24.0, 120.0),
    "scores": (40.0, 200.0),
    "hundreds": (200.0, 1000.0),
    "thousands": (2000.0, 1e4),
    "tens of thousands": (2e4, 1e5),
    "hundreds of thousands": (2e5, 1e6),
    "millions": (2e6, 1e9),
    "tens of millions": (2e7, 1e8),
    "hundreds of millions": (2e8, 1e9),
    "billions": (2e9, 1e12),
}

# Modifier -> kind: "lower" (x..inf), "upper" (0..x), "approximate", or "exact" (emphasis only).
_MODIFIERS = {
    "at least": "lower", "more than": "lower", "over": "lower", "above": "lower", "upwards of": "lower",
    "in excess of": "lower", "no fewer than": "lower", "no less than": "lower", "not less than": "lower",
    "well over": "lower", "a minimum of": "lower",
    "less than": "upper", "fewer than": "upper", "under": "upper", "below": "upper", "up to": "upper",
    "at most": "upper", "no more than": "upper", "not more than": "upper", "as many as": "upper",
    "a maximum of": "upper", "just under": "upper", "well under": "upper",
    "about": "approximate", "around": "approximate", "nearly": "approximate", "almost": "approximate",
    "some": "approximate", "roughly": "approximate", "approximately": "approximate", "approx.": "approximate",
    "an estimated": "approximate", "estimated": "approximate", "close to": "approximate", "circa": "approximate",
    "just over": "approximate", "just": "exact",
    "only": "exact", "exactly": "exact", "precisely": "exact", "a total of": "exact",
    "between": "range",
}  # fmt: skip

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_WEEKDAYS = frozenset(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))

# Plural nouns that do not end in "s"; a count's head noun is its first plural-looking word.
_IRREGULAR_PLURALS = frozenset(
    """people men women children police personnel staff troops cattle sheep fish deer livestock crew
    militia infantry feet teeth geese mice data media clergy""".split()  # noqa: SIM905
)


def _alternation(words: Sequence[str]) -> str:
    """A regex alternation of `words` (spaces as any run of white space) that takes the longest word that fits,
    so "miles an hour" wins over "miles". Written as a tree of shared beginnings ("k(?:m(?:/h|...)|ilo...)"),
    the longer branches before the end of a word: a match tries a few branches at each character instead of
    every word, and the pattern compiles faster. For patterns that ignore case, of words in lower case (one
    branch per letter, whatever its case)."""
    tree: dict[str, dict[str, Any]] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _branches(tree)


def _branches(node: dict[str, dict[str, Any]]) -> str:
    options = [_escaped(char) + _branches(rest) for char, rest in node.items() if char]
    if "" in node:
        options.append("")  # tried last: a longer word through this one first
    return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"


def _escaped(char: str) -> str:
    """A character of a spelling in a pattern: a space as any run of white space (letters need no escape)."""
    if char.isalnum():
        return char
    return r"\s+" if char == " " else re.escape(char)


_DIGIT_WORDS = "|".join(word for word, value in _SMALL.items() if 0 < value < 10)
_UNDER_HUNDRED = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{_DIGIT_WORDS}))?|{'|'.join(sorted(_SMALL, key=len, reverse=True))})"
)
_WORD_NUMBER = (
    r"(?:half\s+a\s+dozen|an?\s+dozen"
    rf"|(?:(?:{_UNDER_HUNDRED}|a)\s+hundred(?:\s+(?:and\s+)?{_UNDER_HUNDRED})?|{_UNDER_HUNDRED}(?:\s+dozen)?"
    r"|a(?=\s+(?:thousand|million|billion)))"
    r"(?:\s+(?:thousand|million|billion|trillion))?)"
)

# Where a number starts: digits not glued to a word or to another number ("G5", "COVID-19", the tail of
# "1,200" or "3.5"); or a vague plural, number words, or "a"/"an" before a unit. Two patterns, so the costly
# word alternation runs only on sentences that hold a number word.
_DIGITS = r"(?P<digits>(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?(?![\d]|,\d))"
_WORDS = (
    rf"(?P<vague>\b(?:{_alternation(list(_VAGUE))})\b)"
    rf"|(?P<words>\b{_WORD_NUMBER}\b)"
    rf"|(?P<article>\ban?(?=\s+(?:{_alternation(_ARTICLE_UNITS)})\b))"
)
_DIGITS_START = re.compile(rf"(?<![\w.,:/\-–]){_DIGITS}")
_WORDS_START = re.compile(_WORDS, re.IGNORECASE)
# The second number of a range ("10-15") may follow a dash: digits without the look-behind, else words.
_RANGE_DIGITS = re.compile(_DIGITS)
_DIGIT_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_SCALE_AFTER = re.compile(r"(?:\s+|-)?(hundred|thousand|million|billion|trillion)\b|(bn|mn|tn)\b", re.IGNORECASE)
_SHORT_SCALE_AFTER = re.compile(r"(m|k|bn|mn|tn)\b", re.IGNORECASE)
_UNIT_AFTER = re.compile(rf"(?:\s+|-|\s?(?=[%°²]))?(?P<unit>{_alternation(list(_UNITS))})(?![\w/²])", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"\s*[-–—]\s*|\s+(?:to|or|and)\s+", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(r"(?:US\$|A\$|C\$|HK\$|NZ\$|\$|€|£|\b(?:USD|EUR|GBP))\s?\Z")
_MODIFIER_BEFORE = re.compile(rf"(?<![\w-])(?P<modifier>{_alternation(list(_MODIFIERS))})\s+\Z", re.IGNORECASE)
_TIME_AFTER = re.compile(r"\s?(?:[ap]\.?m\b\.?|o['’]clock|GMT\b|UTC\b|local\s+time\b|:\d)", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s+\Z")
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b")
# "eight years ago" is a date (see dates.py) and "75-year-old", "10 years old" an age, not a duration.
_NOT_DURATION_AFTER = re.compile(r"\s+(?:ago|old)\b|-old\b", re.IGNORECASE)
# Ratios, temperatures, scores, fractions, version numbers: not handled, so not read as counts either.
_NOT_COUNT_AFTER = re.compile(r"[\s-](?:times|fold)\b|\s*(?:°|degrees?\b)|[-–/.]\d", re.IGNORECASE)
_COUNTED_AFTER = re.compile(
    r"(?:\s+of\s+(?:the|their|its|his|her|our|these|those|them)\b|\s+of\b)?"
    r"(?:\s+(?P<w1>[A-Za-z][\w'’-]*))?(?:\s+(?P<w2>[A-Za-z][\w'’-]*))?(?:\s+(?P<w3>[A-Za-z][\w'’-]*))?"
)
_WORD_BEFORE = re.compile(r"(?P<word>[A-Za-z][\w.'’-]*)\s+\Z")
_YEAR_PREPOSITIONS = frozenset(
    ("in", "since", "of", "by", "until", "till", "from", "before", "after", "during", "early", "late", "mid", "the")
)
_SCALED_FIGURE = re.compile(r"\d\s*(?:hundred|thousand|million|billion|trillion|bn|mn|tn|m|k)\b", re.IGNORECASE)
_FIRST_DIGITS = re.compile(r"\d[\d,]*(?:\.(\d+))?")

# Most sentences hold no number: a digit, or a number word among their words, lets them in.
_DIGIT = re.compile(r"\d")


# Cached: the finders of numbers, times and dates each ask it of every sentence.
@lru_cache(maxsize=65536)
def has_digit(text: str) -> bool:
    """Whether `text` holds a digit (of any script, as `\\d` reads it)."""
    return _DIGIT.search(text) is not None


# Words a number in words can start with; "a" and "an" only count when a unit word is also there.
_NUMBER_WORDS = frozenset(_SMALL) | frozenset(_TENS) | {"hundred", "dozen", "half", "dozens", "scores", "tens"}
_NUMBER_WORDS |= {name for name in _VAGUE if " " not in name}
_ARTICLE_WORDS = frozenset(unit.split()[-1] for unit in _ARTICLE_UNITS) | {"dozen", "hundred"} | set(_SCALES)
_NUMBER_WORDS_AND_ARTICLES = _NUMBER_WORDS | {"a", "an"}


class _Number(NamedTuple):
    """A number as read, before its unit: `start:end` in the sentence (a tuple: one is made for every number
    read, and a frozen dataclass takes three times as long to make)."""

    start: int
    end: int
    value: float
    low: float
    high: float
    approximate: bool
    kind: str  # "digits", "words", "vague", "article"
    scale: float  # the scale word that followed ("3.5 million": 1e6), else 1


def parse_number(text: str) -> float | None:
    """The value of a number written in digits or words ("1,200", "3.5", "twenty-five", "a dozen", "two
    million"), or None. Shared with `dates` for "eight years ago"."""
    text = " ".join(text.split())
    if _DIGIT_NUMBER.fullmatch(text):
        return float(text.replace(",", ""))
    if text.lower() in {"a", "an"}:
        return 1.0
    # Number words alone: the "words" branch of the pattern that finds them in a sentence, over all of `text`.
    whole = _WORDS_START.fullmatch(text)
    if whole is not None and whole.lastgroup == "words":
        return _word_value(text)
    return None


def _word_value(text: str) -> float:
    words = re.split(r"[\s-]+", text.lower())
    if words[:3] == ["half", "a", "dozen"]:
        return 6.0
    total, current = 0.0, 0.0
    for word in words:
        if word in _SMALL:
            current += _SMALL[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in {"a", "an"}:
            current = 1.0
        elif word == "dozen":
            current = (current or 1.0) * 12
        elif word == "hundred":
            current = (current or 1.0) * 100
        elif word in _SCALES:
            total += (current or 1.0) * _SCALES[word]
            current = 0.0
    return total + current


def find_quantities(sentence: Sentence) -> tuple[Quantity, ...]:
    """Every number `sentence` states, with its modifier and unit or counted noun; spans index the article."""
    found = quantities_in(sentence.text)
    if not found:
        return found
    offset, article_id = sentence.span.start, sentence.span.article_id
    return tuple(
        Quantity(
            Span(article_id, offset + q.span.start, offset + q.span.end),
            q.text,
            q.value,
            q.low,
            q.high,
            q.unit,
            q.dimension,
            q.counted,
            q.approximate,
        )
        for q in found
    )


# Cached by text: value checks and the date finder (which sets figures apart from years) read the same
# sentences, and a reprint's sentences state their original's figures.
@lru_cache(maxsize=65536)
def quantities_in(text: str) -> tuple[Quantity, ...]:
    """The quantities of `find_quantities`, their spans at their places in `text` (article id "")."""
    starts = list(_DIGITS_START.finditer(text)) if has_digit(text) else []
    words = lower_words(text)
    wanted = words & (_NUMBER_WORDS_AND_ARTICLES if not _ARTICLE_WORDS.isdisjoint(words) else _NUMBER_WORDS)
    if wanted:
        # The word alternation is tried only where a number word starts, not at every character.
        for start in _word_starts(text.lower(), wanted):
            match = _WORDS_START.match(text, start)
            if match is not None:
                starts.append(match)
        starts.sort(key=lambda match: match.start())
    found: list[Quantity] = []
    position = 0
    for match in starts:
        if match.start() < position:
            continue
        quantity, end = _read_quantity(text, match)
        if quantity is not None:
            if found and _is_conversion(text, found[-1], quantity):
                quantity = replace(quantity, approximate=True)
            found.append(quantity)
        position = max(end, match.end())
    return tuple(found)


def _word_starts(lowered: str, wanted: Iterable[str]) -> list[int]:
    """Where the `wanted` words stand in `lowered` as whole runs of the letters a-z (the words of `lower_words`),
    in order: found by string search, the few words a sentence holds, not by reading all its words."""
    found = []
    for word in wanted:
        at = lowered.find(word)
        while at >= 0:
            end = at + len(word)
            before, after = lowered[at - 1 : at], lowered[end : end + 1]  # "" at either end
            if not "a" <= before <= "z" and not "a" <= after <= "z":
                found.append(at)
            at = lowered.find(word, end)
    return sorted(found)


_CLOCK = re.compile(
    r"(?<![\w.:])(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s?(?:(?P<half>[ap])\.?m\b\.?|(?<=\d\d)\s?GMT\b"
    r"|(?<=\d\d)\s?(?:UTC|local time)\b)",
    re.IGNORECASE,
)
# What every clock time holds: a digit, a space at most, then a.m./p.m. or a zone. Searched first, as the scan
# for this pattern skips to digits where the one above (opening on a look-behind) tries every character.
_CLOCK_END = re.compile(r"\d\s?(?:[ap]\.?m\b|GMT\b|UTC\b|local time\b)", re.IGNORECASE)
# Modifier before a time -> (kind, minutes): "shortly before 5 a.m." is 4:30-5:00.
_TIME_MODIFIERS = {
    "shortly before": ("before", TIME_TOLERANCE_MINUTES),
    "just before": ("before", TIME_TOLERANCE_MINUTES),
    "shortly after": ("after", TIME_TOLERANCE_MINUTES),
    "just after": ("after", TIME_TOLERANCE_MINUTES),
    "before": ("before", 24 * 60.0),
    "after": ("after", 24 * 60.0),
    "until": ("before", 24 * 60.0),
    "about": ("approximate", 0.0),
    "around": ("approximate", 0.0),
    "at about": ("approximate", 0.0),
    "at around": ("approximate", 0.0),
    "roughly": ("approximate", 0.0),
    "approximately": ("approximate", 0.0),
}
_TIME_MODIFIER_BEFORE = re.compile(
    rf"(?<![\w-])(?P<modifier>{_alternation(list(_TIME_MODIFIERS))})\s+\Z", re.IGNORECASE
)


def find_times(sentence: Sentence) -> tuple[Quantity, ...]:
    """Clock times of day in `sentence` ("4:40 a.m.", "4.40am", "3pm", "16:00 GMT"), in minutes after midnight.

    A bare "16:00" without a.m./p.m. or a zone is left out: it reads as a score or a ratio as often as a time."""
    found = []
    text = sentence.text
    # A time starts with its hour's digits and ends with a.m., p.m. or a zone: most sentences have neither.
    for match in _CLOCK.finditer(text) if has_digit(text) and _CLOCK_END.search(text) else ():
        hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
        half = (match.group("half") or "").lower()
        if half:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if half == "p" else 0)
        elif match.group("minute") is None:
            continue
        value = hour * 60.0 + minute
        low = high = value
        approximate = False
        start = match.start()
        modifier = _TIME_MODIFIER_BEFORE.search(text[max(0, start - 20) : start])
        if modifier is not None:
            kind, width = _TIME_MODIFIERS[" ".join(modifier.group("modifier").lower().split())]
            start -= len(text[max(0, match.start() - 20) : match.start()]) - modifier.start()
            if kind == "before":
                low, approximate = value - width, True
            elif kind == "after":
                high, approximate = value + width, True
            else:
                approximate = True
        end = match.end()
        span = Span(sentence.span.article_id, sentence.span.start + start, sentence.span.start + end)
        found.append(
            Quantity(
                span=span,
                text=text[start:end],
                value=value,
                low=low,
                high=high,
                unit="min",
                dimension="time",
                counted="",
                approximate=approximate,
            )
        )
    return tuple(found)


def _read_quantity(text: str, match: re.Match[str]) -> tuple[Quantity | None, int]:
    """The quantity that starts with number `match`, or None, and where reading should go on."""
    number = _number_at(text, match)
    if number is None:
        return None, match.end()
    end = number.end
    currency = _CURRENCY_BEFORE.search(text, max(0, number.start - 4), number.start)
    money = _CURRENCY_SYMBOLS[currency.group().strip()] if currency else ""
    start = currency.start() if currency else number.start
    modifier = _MODIFIER_BEFORE.search(text, max(0, start - 24), start)
    modifier_kind = _MODIFIERS[_normal(modifier.group("modifier"))] if modifier else ""
    multiplier = 1.0
    glued = number.kind == "digits" and text[end - 1 : end].isdigit() and text[end : end + 1].isalpha()
    if money and glued and (short := _SHORT_SCALE_AFTER.match(text, end)):
        multiplier, end = _SHORT_SCALES[short.group(1).lower()], short.end()  # "$3.5m", "£2bn"
    elif glued and not _unit_at(text, end):
        return None, end  # letters glued to digits must be a unit ("15km"), never "2nd", "1990s", "5G", "10am"
    value, low, high = number.value * multiplier, number.low * multiplier, number.high * multiplier
    ranged = False
    joined = _RANGE_JOIN.match(text, end)
    if joined and number.kind in {"digits", "words"} and multiplier == 1.0:
        second = _RANGE_DIGITS.match(text, joined.end()) or _WORDS_START.match(text, joined.end())
        after = _number_at(text, second) if second else None
        join = joined.group().strip().lower()
        if (
            after is not None
            and after.kind == number.kind
            and (join != "and" or modifier_kind == "range")
            and not _from_before(text, start)
        ):
            if number.scale == 1.0:  # "10 to 15 million": the scale applies to both
                value *= after.scale
            low, high, end, ranged = min(value, after.value), max(value, after.value), after.end, True
    if number.kind == "digits" and _NOT_COUNT_AFTER.match(text, end) and not _unit_at(text, end):
        return None, end
    if _TIME_AFTER.match(text, end) or _is_date_part(text, number, end):
        return None, end
    unit = _unit_at(text, end)
    if unit is None and number.kind == "article":
        return None, end
    counted = ""
    if unit is not None:
        dimension, base, factor = _UNITS[_normal(unit.group("unit"))]
        if dimension == "money" and money and base != money:
            return None, unit.end()  # "$15 euros": contradictory
        if dimension == "duration" and _NOT_DURATION_AFTER.match(text, unit.end()):
            return None, unit.end()
        end = unit.end()
    elif money:
        dimension, base, factor = "money", money, 1.0
    else:
        dimension, base, factor = "count", "", 1.0
        counted, counted_end = _counted(text, end, value)
        if _is_year(text, number, start, modifier is not None or ranged, counted):
            return None, end
        if number.kind == "words" and value == 1:
            return None, end  # a lone "one" is mostly a pronoun ("one rebel leader said")
        if not counted and (
            _is_name_number(text, start)
            or (ranged and "-" in text[number.end : end])
            or text[start - 1 : start] + text[end : end + 1] in {"()", "[]"}
            or (number.kind == "words" and start > 0 and text[start].isupper())
        ):
            return None, end  # "Flight 370", "Article 5", a score "3-1", "[51]", "(323)", "Zero Dark Thirty"
        end = counted_end
    if modifier is not None:
        start = modifier.start()
    low, high = _bounds(modifier_kind, low, high)
    # "two million people" is a round figure; "2.1 million" states its precision (see `tolerance`).
    approximate = number.approximate or modifier_kind == "approximate" or (number.kind == "words" and number.scale > 1)
    return (
        Quantity(
            span=Span("", start, end),
            text=text[start:end],
            value=value * factor,
            low=low * factor,
            high=high * factor,
            unit=base,
            dimension=dimension,
            counted=counted,
            approximate=approximate,
        ),
        end,
    )


def _number_at(text: str, match: re.Match[str]) -> _Number | None:
    group, raw, start, end = match.lastgroup, match.group(), match.start(), match.end()
    if group == "digits":
        value = float(raw.replace(",", ""))
        scale_word = _SCALE_AFTER.match(text, end)
        if scale_word is None:
            return _Number(start, end, value, value, value, False, "digits", 1.0)
        word = (scale_word.group(1) or scale_word.group(2)).lower()
        size = _SCALES.get(word) or _SHORT_SCALES[word]
        return _Number(start, scale_word.end(), value * size, value * size, value * size, False, "digits", size)
    if group == "vague":
        low, high = _VAGUE[_normal(raw)]
        return _Number(start, end, low, low, high, True, "vague", 1.0)
    if group == "article":
        return _Number(start, end, 1.0, 1.0, 1.0, True, "article", 1.0)
    # Number words: "two-thirds", "one-off" are not figures; "two-year" is (a unit follows).
    if text[end : end + 1] == "-" and not _unit_at(text, end):
        return None
    value = _word_value(raw)
    lower = raw.lower()
    scale = next((size for word, size in _SCALES.items() if lower.endswith(word)), 1.0)
    return _Number(start, end, value, value, value, "dozen" in lower, "words", scale)


def _unit_at(text: str, position: int) -> re.Match[str] | None:
    """The unit right after a number; a capital "M" is not metres ("15 M5 members")."""
    unit = _UNIT_AFTER.match(text, position)
    return unit if unit is not None and unit.group("unit") != "M" else None


def _bounds(modifier_kind: str, low: float, high: float) -> tuple[float, float]:
    if modifier_kind == "lower":
        return low, INFINITY
    if modifier_kind == "upper":
        return 0.0, high
    return low, high


def _counted(text: str, end: int, value: float) -> tuple[str, int]:
    """The stemmed head noun a count counts, and where it ends: the first plural-looking word among the next
    three ("15 armed men"), or for one thing the first word ("1 person"); "" when there is none."""
    match = _COUNTED_AFTER.match(text, end)
    if match is None:  # pragma: no cover - every part of the pattern is optional
        return "", end
    for name in ("w1", "w2", "w3"):
        word = match.group(name)
        if word is None:
            break
        lower = word.lower().replace("’", "'")
        if (lower in STOPWORDS and word.islower()) or lower.endswith("'s") or lower in _UNITS:
            break
        if _looks_plural(lower) or (value == 1 and name == "w1" and word.islower()):
            stemmed = stems(lower)
            return (stemmed[-1] if stemmed else ""), match.end(name)
    return "", end


def _looks_plural(word: str) -> bool:
    if word in _IRREGULAR_PLURALS or word.endswith(("men", "people", "children")):  # "fishermen", "townspeople"
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous", "'s"))


def _is_year(text: str, number: _Number, start: int, modified: bool, counted: str) -> bool:
    """A four-digit number is a year after a year preposition ("in 1725", "the 2012 coup"), and a bare one
    from 1900 to 2100 is too ("2013 vote") unless a modifier comes before it or it counts something plural
    ("more than 2000", "2000 soldiers")."""
    raw = text[number.start : number.end]
    if modified or number.kind != "digits" or not raw.isdigit() or len(raw) != 4 or not 1000 <= int(raw) <= 2100:
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 20), start)
    previous = before.group("word").lower().rstrip(".") if before else ""
    if previous in _YEAR_PREPOSITIONS:
        return True
    return not counted and int(raw) >= 1900


def _is_name_number(text: str, start: int) -> bool:
    """A bare number after a capitalized word is part of a name ("Flight 370", "Article 5", "No. 10")."""
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if before is None:
        return False
    word = before.group("word")
    if word.lower() in {"no.", "number", "nos."}:
        return True
    return word[0].isupper() and word.lower().rstrip(".") not in STOPWORDS and word not in _WEEKDAYS


def _is_date_part(text: str, number: _Number, end: int) -> bool:
    """The day or year of a date: "March 21", "Aug. 18", "21 March"."""
    if number.kind != "digits":
        return False
    if _MONTH_BEFORE.search(text, max(0, number.start - 12), number.start):
        return True
    return bool(_MONTH_AFTER.match(text, end))


def _from_before(text: str, start: int) -> bool:
    """ "from 10 to 15" is usually a change, not a range."""
    before = _WORD_BEFORE.search(text, max(0, start - 12), start)
    return before is not None and before.group("word").lower() == "from"


def _normal(spelling: str) -> str:
    return " ".join(spelling.lower().split())


def _is_conversion(text: str, previous: Quantity, quantity: Quantity) -> bool:
    """ "15 kilometers (less than 10 miles)": the bracketed figure converts the one before it, rounded."""
    between = text[previous.span.end : quantity.span.start]
    return between.strip() == "(" and previous.dimension == quantity.dimension and previous.dimension in MEASURED


# --- Comparison ----------------------------------------------------------------------------------------------


def comparable(a: Quantity, b: Quantity) -> bool:
    """Whether `a` and `b` measure the same thing: same dimension and base unit (so dollars never meet
    euros), and for counts the same counted noun, known on both sides."""
    key = comparison_key(a)
    return key is not None and key == comparison_key(b)


def comparison_key(quantity: Quantity) -> tuple[str, str, str] | None:
    """What a quantity measures: two are `comparable` when their keys are equal (None: comparable with none),
    so values can be sorted into groups once instead of tried in pairs."""
    if quantity.dimension != "count":
        return (quantity.dimension, quantity.unit, "")
    if not quantity.counted:
        return None
    return (quantity.dimension, quantity.unit, _kind(quantity.counted))


# Counted nouns that outlets use for one another: "3,200 residents" in one report is "3,200 people" in the
# next. Only words for people in general: "people" is not "firefighters", which would let "six people were
# hurt" clash with "four firefighters were hurt" when the six may include others.
_SAME_KIND = {"resid": "peopl", "inhabit": "peopl", "person": "peopl", "evacue": "peopl", "local": "peopl"}


def _kind(counted: str) -> str:
    return _SAME_KIND.get(counted, counted)


def tolerance(quantity: Quantity) -> float:
    """The relative widening of `quantity` before comparison (see docs/extraction.md)."""
    if quantity.approximate:
        return APPROXIMATE_TOLERANCE
    stated = _stated_precision(quantity)
    if quantity.dimension in MEASURED:
        return max(MEASUREMENT_TOLERANCE, stated)
    return stated


def _stated_precision(quantity: Quantity) -> float:
    """Half a unit of the last digit stated, relative to the figure ("3.5 million": 0.05 / 3.5), when the figure
    is rounded: it has decimals, a scale word, or is a percentage. A plain integer count is exact."""
    digits = _FIRST_DIGITS.search(quantity.text)
    if digits is None:
        return 0.0
    mantissa = float(digits.group().replace(",", ""))
    decimals = len(digits.group(1) or "")
    rounded = decimals or quantity.dimension == "percent" or _SCALED_FIGURE.search(quantity.text)
    if mantissa == 0 or not rounded:
        return 0.0
    return 0.5 * 10.0**-decimals / mantissa


def compatible(a: Quantity, b: Quantity) -> bool:
    """Whether comparable `a` and `b` can both be true: their intervals overlap within the tolerance."""
    if a.dimension == "time":
        allowed = TIME_TOLERANCE_MINUTES if a.approximate or b.approximate else 0.0
        return _gap(a, b) <= allowed
    return _gap(a, b) <= max(tolerance(a), tolerance(b))


def _gap(a: Quantity, b: Quantity) -> float:
    """How far apart the intervals of `a` and `b` are, relative to the lower one (0 when they overlap); for
    times of day, in minutes."""
    low, high = max(a.low, b.low), min(a.high, b.high)
    if low <= high:
        return 0.0
    if a.dimension == "time":
        return low - high
    return (low - high) / high if high > 0 else math.inf


def compare_quantities(values: Sequence[Quantity]) -> ValueComparison:
    """Whether the figures `values` can all be true at once, with a one-sentence explanation.

    Pairs that measure different things (see `comparable`) cannot conflict; they are named in the explanation.
    """
    values = tuple(values)
    dimensions = {q.dimension for q in values}
    dimension = dimensions.pop() if len(dimensions) == 1 else "mixed"
    if not values:
        return ValueComparison("", (), True, "no values to compare")
    pairs = [(a, b) for i, a in enumerate(values) for b in values[i + 1 :]]
    for a, b in pairs:
        if comparable(a, b) and not compatible(a, b):
            return ValueComparison(dimension, values, False, f"{_shown(a)} and {_shown(b)} cannot both be right")
    unlike = next(((a, b) for a, b in pairs if not comparable(a, b)), None)
    if unlike is not None:
        a, b = unlike
        if a.dimension == b.dimension == "count":
            what = "count different things"
        elif a.dimension == b.dimension == "money":
            what = "are in different currencies"
        else:
            what = "measure different things"
        explanation = f"{_shown(a)} and {_shown(b)} {what}, so they are not compared"
        return ValueComparison(dimension, values, True, explanation)
    shown = _join(_unique(_shown(q) for q in values))
    if len(values) == 1:
        return ValueComparison(dimension, values, True, f"only one value: {shown}")
    # Name the smallest allowance that explains the widest gap.
    gap = max(_gap(a, b) for a, b in pairs)
    if gap == 0:
        return ValueComparison(dimension, values, True, f"{shown} agree")
    if dimension == "time":
        within = f"the {TIME_TOLERANCE_MINUTES:.0f} minutes an approximate time allows"
    elif dimension in MEASURED and gap <= MEASUREMENT_TOLERANCE:
        within = f"the {MEASUREMENT_TOLERANCE:.0%} rounding tolerance"
    elif gap <= max((_stated_precision(q) for q in values if not q.approximate), default=0.0):
        within = "the precision they are stated to"
    else:
        within = f"the {APPROXIMATE_TOLERANCE:.0%} tolerance for approximate figures"
    return ValueComparison(dimension, values, True, f"{shown} agree within {within}")


def _shown(quantity: Quantity) -> str:
    """The verbatim figure, with its conversion when the wording uses another unit: "ten miles (16.1 km)"."""
    text = " ".join(quantity.text.split())
    if quantity.dimension not in MEASURED:
        return text
    formatted = format_quantity(quantity)
    unit = formatted.split(" ", 1)[-1]
    spellings = _DISPLAY_SPELLINGS.get(unit, (unit.removesuffix("s"),))
    if any(s in text.lower() for s in spellings) or (unit == "m" and _METRES.search(text)):
        return text
    return f"{text} ({formatted})"


_METRES = re.compile(r"\d\s?m\b")


_DISPLAY_SPELLINGS = {
    "km": ("km", "kilomet"),
    "m": ("metre", "meter"),
    "kg": ("kg", "kilo"),
    "t": ("tonne",),
    "km/h": ("km/h", "kph", "kilomet", "kmh"),
    "km²": ("km", "kilomet"),
    "ha": ("hectare",),
    "m²": ("metre", "meter", "m2", "m²"),
}


def _unique(items: Iterable[str]) -> list[str]:
    """`items` without repeats (ignoring case), in order."""
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.lower(), item)
    return list(seen.values())


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- Display -------------------------------------------------------------------------------------------------

_DURATION_DISPLAY = [
    (_YEAR, "year"),
    (_MONTH, "month"),
    (7 * 86400.0, "week"),
    (86400.0, "day"),
    (3600.0, "hour"),
    (60.0, "minute"),
    (1.0, "second"),
]


def format_quantity(quantity: Quantity) -> str:
    """The value of `quantity` in a readable unit: "16.1 km", "2 months", "USD 3.5 million", "14"."""
    value = quantity.value
    if quantity.dimension == "length":
        return f"{_number(value / 1000)} km" if value >= 1000 else f"{_number(value)} m"
    if quantity.dimension == "mass":
        return f"{_number(value / 1000)} t" if value >= 1000 else f"{_number(value)} kg"
    if quantity.dimension == "speed":
        return f"{_number(value * 3.6)} km/h"
    if quantity.dimension == "area":
        if value >= 1e6:
            return f"{_number(value / 1e6)} km²"
        return f"{_number(value / 1e4)} ha" if value >= 1e4 else f"{_number(value)} m²"
    if quantity.dimension == "duration":
        size, name = next(((s, n) for s, n in _DURATION_DISPLAY if value >= s), _DURATION_DISPLAY[-1])
        amount = value / size
        return f"{_number(amount)} {name}{'' if amount == 1 else 's'}"
    if quantity.dimension == "money":
        for size, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if value >= size:
                return f"{quantity.unit} {_number(value / size)} {name}"
        return f"{quantity.unit} {_number(value)}"
    if quantity.dimension == "percent":
        return f"{_number(value)}%" if quantity.unit == "%" else f"{_number(value)} percentage points"
    return _number(value)


def _number(value: float) -> str:
    """3 significant figures at most, thousands separated, no trailing zeros: 16.1, 1.6, 12,000."""
    if value == INFINITY:
        return "∞"
    decimals = 0 if abs(value) >= 100 else 1 if abs(value) >= 1 else 2
    shown = f"{value:,.{decimals}f}"
    return shown.rstrip("0").rstrip(".") if "." in shown else shown
