"""Dates stated in a sentence, resolved to ISO form at the precision the text gives.

Absolute dates ("March 21, 2012", "Tuesday Aug. 18, 2020", "21 March 2012", "2020-08-18", "March 2012", "the
2012 coup") need nothing else. Relative ones ("on Tuesday", "yesterday", "last year", "eight years ago", "since
June", "March 21" without a year) are resolved against a reference date, the article's publication date, and
are dropped when there is none. Precision is kept: "since June" is "2020-06", never a guessed day.

Weekdays (and months or days without a year) point back or forward by the tense of their clause, not by a
fixed preference: dateparser sends "Tuesday" and "is due to hold talks on Wednesday" the same way
(../shared/research/dependencies.md, section 6). Without a future marker in its clause ("will", "is due to",
"is expected to", "set to", "plans to", "next") a weekday is the most recent one on or before the reference
day, so "on Tuesday" in a Tuesday paper is that day; with one, the first on or after it.

Weeks: "last week", "this week", "next week" give the month when that Monday-to-Sunday week lies in one month,
else the year (a day would be a guess); "N weeks ago" gives the month of the day N weeks back.

Not handled (dropped): "several months", "recently", "earlier" alone, "the past year", "the 1990s", seasons,
numeric dates such as "18/08/2020" (day and month order is ambiguous), times of day, and "would" as a future
marker ("said it would meet on Friday" reads as the past Friday), because it is as often reported past.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .quantities import has_digit, parse_number, quantities_in
from .types import DateMention, Sentence, Span, ValueComparison
from .words import STOPWORDS, lower_words, speech_verbs

# A few days' grace for "March 21" without a year: an article may name a day just ahead of its date.
UNDATED_DAY_GRACE_DAYS = 7

_MONTH_NUMBERS = {
    name.lower(): number
    for number, name in enumerate(calendar.month_name)
    if name  # calendar.month_name[0] is ""
} | {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10}
_MONTH_NUMBERS |= {"nov": 11, "dec": 12}
_WEEKDAY_NUMBERS = {name.lower(): number for number, name in enumerate(calendar.day_name)}

_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
# Abbreviations only before a day number, so "Jan Smith" and "Mar" stay names.
_MONTH = rf"(?:{_MONTH_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![a-z])"
_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?![\d:]|\w|\s*(?:%|per\s+cent|percent))"
_YEAR_AFTER = r"(?:,?\s+(?P<year>\d{4})(?![\d]|[.,]\d))?"
_WEEKDAY_BEFORE = rf"(?:(?P<weekday>{_WEEKDAY}),?\s+)?"

_MONTH_DAY = re.compile(rf"{_WEEKDAY_BEFORE}(?P<month>{_MONTH})\s+{_DAY}{_YEAR_AFTER}")
_DAY_MONTH = re.compile(rf"{_WEEKDAY_BEFORE}(?:the\s+)?(?<![\d.,]){_DAY}\s+(?:of\s+)?(?P<month>{_MONTH}){_YEAR_AFTER}")
_ISO = re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])")
_MONTH_YEAR = re.compile(rf"(?P<month>{_MONTH})\s+(?:of\s+)?(?P<year>\d{{4}})(?!\d|[.,]\d)")
_MONTH_RELATIVE_YEAR = re.compile(rf"\b(?P<month>{_MONTH_FULL})\s+(?P<which>this|last|next)\s+year\b")
# A month name alone only after a word that makes it a date: "may be", "the march on the palace" stay out.
_MONTH_ALONE = re.compile(
    r"(?P<lead>\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Bb]efore|[Aa]fter|[Ff]rom|[Dd]uring|[Tt]hrough"
    r"|[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate|(?:end|beginning|start|middle)\s+of)\s+|\b[Mm]id-\s*)"
    rf"(?P<month>{_MONTH_FULL})\b"
)
# Years before 1900 only after a preposition: "in 1725", not "1725 British physicians".
_OLD_YEAR = re.compile(
    r"\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Bb]efore|[Aa]fter|[Dd]uring|of)\s+(?P<year>1[0-8]\d\d)(?![\w%°]|[.,]\d)"
)
_YEAR = re.compile(
    r"(?:(?<=\bmid-)|(?<=\bMid-)|(?<![\w$£€.,:/\-–]))(?<!\d )(?P<year>(?:19|20)\d\d|2100)(?![\w%°]|[.,]\d)"
)
_RELATIVE_DAY = re.compile(
    r"\b(?i:today|tonight|tomorrow|yesterday|last\s+night|this\s+(?:morning|afternoon|evening)"
    r"|(?:earlier|later)\s+(?:today|in\s+the\s+day))\b"
)
_DAY_OFFSETS = {"tomorrow": 1, "yesterday": -1, "last night": -1}
_WEEKDAY_MENTION = re.compile(
    rf"(?:\b(?P<which>[Ll]ast|[Nn]ext|[Tt]his)\s+)?\b(?P<weekday>{_WEEKDAY})\b"
    r"(?P<possessive>['’]s?)?(?:\s+(?P<part>morning|afternoon|evening|night)\b)?"
)
# "Sunday Times", "Super Tuesday", "Good Friday" are names, not dates.
_WEEKDAY_NAME_AFTER = re.compile(r"\s+(?:Times|Telegraph|Mirror|Express|Post|Herald|Independent|Sport|Star|Mail)\b")
_AGO = re.compile(
    r"(?:\b(?P<modifier>more\s+than|over|about|around|some|nearly|almost|roughly|just\s+over|just\s+under"
    r"|less\s+than|at\s+least|barely|only|exactly)\s+)?"
    r"(?<![\w,.])(?P<number>\d+|an?|[a-z]+(?:-[a-z]+)?)\s+(?P<unit>years?|months?|weeks?|days?|decades?)\s+ago\b",
    re.IGNORECASE,
)
_RELATIVE_PERIOD = re.compile(
    r"\b(?:(?:earlier|later)\s+)?(?P<which>last|this|next)\s+(?P<unit>week|month|year)\b", re.IGNORECASE
)
_THE_BEFORE = re.compile(r"\b(?:the|this|that|its|his|her|their)\s+\Z", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"(?P<word>[A-Za-z][\w.'’-]*)\s+\Z")

# Tense of the clause around a weekday: a future marker before it in its clause, or after it when it opens
# the sentence ("On Wednesday, the council will vote").
_FUTURE = re.compile(
    r"\b(?:will|shall|won['’]t|(?:is|are|am)\s+(?:due|planning|going|to)\b"
    r"|(?:set|expected|scheduled|slated|poised|forecast)\s+(?:to|for)"
    r"|plans?\s+to|planning\s+to|intends?\s+to|hopes?\s+to|next|upcoming)\b|['’]ll\b",
    re.IGNORECASE,
)
# "said it would publish the records on Tuesday", "until Sunday": "would" mostly reports a plan, a deadline
# lies ahead. "would" counts within 8 words of the day (6 missed two plans, 10 took a past event as planned).
_DEADLINE = re.compile(r"\bwould\b(?=(?:\W+\w+){0,8}\W*\Z)|\b(?:until|till|before|by)\s+\Z", re.IGNORECASE)
# "an oil spill sighted on Monday", "the bodies found on Sunday": a past participle right before the day (not
# after "be": "will be held on Monday") looks back, whatever the clause plans ("would investigate ...").
_PAST_BEFORE = re.compile(
    r"(?<!\bbe )(?<!\bbeen )\b(?:[a-z]+ed|found|seen|held|hit|shot|struck|taken|made|lost|left|sent|caught|met"
    r"|won|fell|broke|began|begun|saw|spoke|told|said|came|went)\s+(?:(?:on|late|early|last)\s+)?\Z"
)
_CLAUSE_BOUNDARY = re.compile(
    rf"[;:“”\"—(]|,\s|\b(?:{speech_verbs('boundary')}|when|after|while|because|although"
    r"|though|which|who|that|but)\b",
    re.IGNORECASE,
)
_AFTER_MENTION = re.compile(r"(?:['’]s?)?[\s,]*")
_OPENING = re.compile(r"\s*(?:(?:on|by|until|from|since|and|but|then|late|early)\s*)?\Z", re.IGNORECASE)

# Most sentences name no date: their words decide which patterns are worth running at all.
_WORD_TOKEN = re.compile(r"[A-Za-z]+")
_FOUR_DIGITS = re.compile(r"\d{4}")
_MONTH_WORDS = frozenset(name.capitalize() for name in _MONTH_NUMBERS)  # month names are capitalized
_MONTH_LOWER = frozenset(_MONTH_NUMBERS)
_WEEKDAY_WORDS = frozenset(_WEEKDAY_NUMBERS)
_DAY_WORDS = frozenset(("today", "tonight", "tomorrow", "yesterday", "night", "morning", "afternoon", "evening", "day"))
_PERIOD_WORDS = frozenset({"week", "month", "year"})
_WHICH_WORDS = frozenset({"last", "this", "next"})


@dataclass(frozen=True, slots=True)
class _Found:
    """A resolved date at `start:end` of the sentence."""

    start: int
    end: int
    date: str
    relative: bool


def find_dates(sentence: Sentence, reference: str) -> tuple[DateMention, ...]:
    """Every date `sentence` states, resolved; `reference` ("YYYY-MM-DD" or "") places the relative ones."""
    text = sentence.text
    found = _dates_in(text, reference)
    if not found:
        return ()
    offset, article_id = sentence.span.start, sentence.span.article_id
    return tuple(
        DateMention(
            span=Span(article_id, offset + item.start, offset + item.end),
            text=text[item.start : item.end],
            date=item.date,
            relative=item.relative,
            reference=reference if item.relative else "",
        )
        for item in found
    )


# Cached by text: claims (to compare dates) and the timeline (to place events) both read every sentence's
# dates, and a reprint's sentences state their original's.
@lru_cache(maxsize=65536)
def _dates_in(text: str, reference: str) -> tuple[_Found, ...]:
    """The dates of `find_dates`, at their places in `text`."""
    words = lower_words(text)
    digits = has_digit(text)
    # A capitalized month name is a month name in lower case too: most sentences have none, and no second scan.
    months = not _MONTH_LOWER.isdisjoint(words) and not _MONTH_WORDS.isdisjoint(_WORD_TOKEN.findall(text))
    anchors = digits or months or "ago" in words or not _WEEKDAY_WORDS.isdisjoint(words)
    if not anchors and _DAY_WORDS.isdisjoint(words) and _PERIOD_WORDS.isdisjoint(words):
        return ()
    today = _parse_reference(reference)
    found = _absolute(text, today, digits) if months else []
    if digits and _FOUR_DIGITS.search(text):
        found += _iso(text)
        found += _years(text)
    if today is not None:
        found += _relative(text, today, words)
    chosen: list[_Found] = []
    for item in sorted(found, key=lambda f: (f.start, f.start - f.end)):
        if not chosen or item.start >= chosen[-1].end:
            chosen.append(item)
    return tuple(chosen)


def _parse_reference(reference: str) -> date | None:
    try:
        return date.fromisoformat(reference) if len(reference) == 10 else None
    except ValueError:
        return None


def _absolute(text: str, today: date | None, digits: bool) -> list[_Found]:
    """Dates with a month: "March 21, 2012", "21 March", "2020-08-18", "March 2012", "in June"."""
    found: list[_Found] = []
    for pattern in (_MONTH_DAY, _DAY_MONTH) if digits else ():
        for match in pattern.finditer(text):
            month = _MONTH_NUMBERS[match.group("month").rstrip(".").lower()]
            day = int(match.group("day"))
            if match.group("year"):
                iso = _iso_day(int(match.group("year")), month, day)
                relative = False
            elif today is not None:
                iso = _undated_day(month, day, today, _future(text, match.start(), match.end()))
                relative = True
            else:
                continue
            if iso:
                found.append(_Found(match.start(), match.end(), iso, relative))
    for match in _MONTH_YEAR.finditer(text) if digits else ():
        month = _MONTH_NUMBERS[match.group("month").rstrip(".").lower()]
        found.append(_Found(match.start(), match.end(), f"{int(match.group('year')):04d}-{month:02d}", False))
    if today is None:
        return found
    for match in _MONTH_RELATIVE_YEAR.finditer(text):
        month = _MONTH_NUMBERS[match.group("month").lower()]
        year = today.year + {"this": 0, "last": -1, "next": 1}[match.group("which")]
        found.append(_Found(match.start(), match.end(), f"{year:04d}-{month:02d}", True))
    for match in _MONTH_ALONE.finditer(text):
        lead = match.group("lead").strip().lower()
        month = _MONTH_NUMBERS[match.group("month").lower()]
        if lead in {"last", "next", "this"} or lead.startswith(("early", "late", "mid")):
            start = match.start()
        else:
            start = match.start("month")
        year = _month_year(month, today, lead, _future(text, match.start("month"), match.end()))
        found.append(_Found(start, match.end(), f"{year:04d}-{month:02d}", True))
    return found


def _iso(text: str) -> list[_Found]:
    """ISO dates: "2020-08-18"."""
    found: list[_Found] = []
    for match in _ISO.finditer(text):
        iso = _iso_day(int(match.group("year")), int(match.group("month")), int(match.group("day")))
        if iso:
            found.append(_Found(match.start(), match.end(), iso, False))
    return found


def _years(text: str) -> list[_Found]:
    """Bare years: "in 2012", "the 2012 coup", "2013 vote", not "2,012 people" nor "2000 soldiers"."""
    found: list[_Found] = []
    quantities: tuple[tuple[int, int], ...] | None = None
    for match in [*_YEAR.finditer(text), *_OLD_YEAR.finditer(text)]:
        if _is_name(text, match.start("year")):
            continue  # "Resolution 2100", "Vision 2030"
        if quantities is None:
            quantities = tuple((q.span.start, q.span.end) for q in quantities_in(text))
        if any(start <= match.start("year") < end for start, end in quantities):
            continue  # read as a figure: "more than 2000", "2000 soldiers"
        found.append(_Found(match.start("year"), match.end(), match.group("year"), False))
    return found


def _is_name(text: str, start: int) -> bool:
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if before is None:
        return False
    word = before.group("word")
    lower = word.lower().rstrip(".")
    calendar_word = lower in _MONTH_NUMBERS or lower in _WEEKDAY_NUMBERS
    return word[0].isupper() and lower not in STOPWORDS and not calendar_word


def _relative(text: str, today: date, words: frozenset[str]) -> list[_Found]:
    """Dates that need the reference: "today", "on Tuesday", "eight years ago", "last month"."""
    found: list[_Found] = []
    for match in _RELATIVE_DAY.finditer(text) if not _DAY_WORDS.isdisjoint(words) else ():
        phrase = " ".join(match.group().lower().split())
        day = today + timedelta(days=_DAY_OFFSETS.get(phrase, 0))
        found.append(_Found(match.start(), match.end(), day.isoformat(), True))
    for match in _WEEKDAY_MENTION.finditer(text) if not _WEEKDAY_WORDS.isdisjoint(words) else ():
        if _is_name(text, match.start("weekday")) or _WEEKDAY_NAME_AFTER.match(text, match.end("weekday")):
            continue
        which = (match.group("which") or "").lower()
        future = which == "next" or (which != "last" and _future(text, match.start(), match.end()))
        weekday = _WEEKDAY_NUMBERS[match.group("weekday").lower()]
        day = _weekday(weekday, today, future, strict=which in {"last", "next"})
        end = match.end("part") if match.group("part") and not match.group("possessive") else match.end("weekday")
        found.append(_Found(match.start(), end, day.isoformat(), True))
    for match in _AGO.finditer(text) if "ago" in words else ():
        item = _ago(match, today)
        if item is not None:
            found.append(item)
    periods = not (_WHICH_WORDS.isdisjoint(words) or _PERIOD_WORDS.isdisjoint(words))
    for match in _RELATIVE_PERIOD.finditer(text) if periods else ():
        if _THE_BEFORE.search(text, max(0, match.start() - 8), match.start()) or match.group("unit")[0].isupper():
            continue  # "the last year" is the past twelve months, not a calendar year; "This Week" a title
        iso = _period(match.group("which").lower(), match.group("unit").lower(), today)
        if iso:
            found.append(_Found(match.start(), match.end(), iso, True))
    return found


def _ago(match: re.Match[str], today: date) -> _Found | None:
    """ "eight years ago" -> "2012"; "three months ago" -> "2020-05"; "two days ago" -> "2020-08-16"."""
    number = parse_number(match.group("number"))
    if number is None or number != int(number) or number > 1000:
        return None
    count = int(number)
    unit = match.group("unit").lower().rstrip("s")
    if unit in {"year", "decade"}:
        iso = f"{today.year - count * (10 if unit == 'decade' else 1):04d}"
    elif unit == "month":
        year, month = divmod(today.year * 12 + today.month - 1 - count, 12)
        iso = f"{year:04d}-{month + 1:02d}"
    elif unit == "week":
        day = today - timedelta(weeks=count)
        iso = f"{day.year:04d}-{day.month:02d}"
    else:
        iso = (today - timedelta(days=count)).isoformat()
    return _Found(match.start(), match.end(), iso, True)


def _period(which: str, unit: str, today: date) -> str:
    """ "last year" -> "2019", "this month" -> "2020-08", "last week" -> that week's month (or year)."""
    step = {"last": -1, "this": 0, "next": 1}[which]
    if unit == "year":
        return f"{today.year + step:04d}"
    if unit == "month":
        year, month = divmod(today.year * 12 + today.month - 1 + step, 12)
        return f"{year:04d}-{month + 1:02d}"
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=step)
    sunday = monday + timedelta(days=6)
    if (monday.year, monday.month) == (sunday.year, sunday.month):
        return f"{monday.year:04d}-{monday.month:02d}"
    return f"{monday.year:04d}" if monday.year == sunday.year else ""


def _weekday(weekday: int, today: date, future: bool, *, strict: bool) -> date:
    """The weekday nearest `today` in the direction of the tense; `strict` excludes today ("last Tuesday")."""
    if future:
        ahead = (weekday - today.weekday()) % 7 or (7 if strict else 0)
        return today + timedelta(days=ahead)
    back = (today.weekday() - weekday) % 7 or (7 if strict else 0)
    return today - timedelta(days=back)


def _month_year(month: int, today: date, lead: str, future: bool) -> int:
    """The year of a month named without one: "since June" is the June on or before the reference month,
    "last June" the one before it, "in June" either way by tense."""
    if lead == "this":
        return today.year
    if lead == "last":
        return today.year if month < today.month else today.year - 1
    if lead == "next":
        return today.year if month > today.month else today.year + 1
    if future and lead != "since":
        return today.year if month >= today.month else today.year + 1
    return today.year if month <= today.month else today.year - 1


def _undated_day(month: int, day: int, today: date, future: bool) -> str:
    """ "March 21" without a year: the next one when the clause is future, else the most recent one not
    after the reference plus a few days' grace."""
    if future:
        candidates = [today.year, today.year + 1]
        limit = today
        chosen = next((y for y in candidates if _valid(y, month, day) and date(y, month, day) >= limit), None)
    else:
        limit = today + timedelta(days=UNDATED_DAY_GRACE_DAYS)
        candidates = [today.year + 1, today.year, today.year - 1]
        chosen = next((y for y in candidates if _valid(y, month, day) and date(y, month, day) <= limit), None)
    return date(chosen, month, day).isoformat() if chosen is not None else ""


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _iso_day(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}" if year >= 1 and _valid(year, month, day) else ""


def _future(text: str, start: int, end: int) -> bool:
    """Whether the clause holding `text[start:end]` speaks of the future (see the module docstring)."""
    before = text[:start]
    if _PAST_BEFORE.search(before):
        return False
    cut = 0
    for boundary in _CLAUSE_BOUNDARY.finditer(before):
        cut = boundary.end()
    window = before[cut:]
    if _FUTURE.search(window) or _DEADLINE.search(window):
        return True
    if not _OPENING.match(window):
        return False
    skipped = _AFTER_MENTION.match(text, end)
    after = text[skipped.end() if skipped else end :]
    stop = _CLAUSE_BOUNDARY.search(after)
    return bool(_FUTURE.search(after[: stop.start() if stop else len(after)]))


# --- Comparison ----------------------------------------------------------------------------------------------


def same_date(a: str, b: str) -> bool:
    """Whether ISO dates `a` and `b`, maybe at different precision, can name the same day: "2020-08" and
    "2020-08-18" can, "2020-08-18" and "2020-08-19" cannot."""
    if not a or not b:
        return False
    return all(x == y for x, y in zip(a.split("-"), b.split("-"), strict=False))


def compare_dates(values: Sequence[DateMention]) -> ValueComparison:
    """Whether the dates `values` can all be true at once, with a one-sentence explanation."""
    values = tuple(values)
    if not values:
        return ValueComparison("date", (), True, "no dates to compare")
    for i, a in enumerate(values):
        for b in values[i + 1 :]:
            if not same_date(a.date, b.date):
                return ValueComparison("date", values, False, f"{_shown(a)} and {_shown(b)} cannot both be right")
    shown = _join(list(dict.fromkeys(_shown(v) for v in values)))
    if len(values) == 1:
        return ValueComparison("date", values, True, f"only one date: {shown}")
    return ValueComparison("date", values, True, f"{shown} agree")


def _shown(mention: DateMention) -> str:
    text = " ".join(mention.text.split())
    return text if text == mention.date else f"{text} ({mention.date})"


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
