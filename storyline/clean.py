"""Turn raw articles into clean ones: boilerplate, captions, headings and repeats removed, each removal kept.

A paragraph is a line of the raw text. Three signals decide what goes:
1. patterns of known boilerplate (consent notices, share widgets, "Read more at ...", photo credits);
2. shape: a line with no sentence end is a heading, byline, caption or widget, not reporting;
3. repetition: a paragraph said before in the same article, or a non-sentence line that recurs across the
   articles of a cluster (a site footer), is noise. Full sentences shared across articles are wire copy and
   are kept: duplicates.py handles those.
An article left with no full sentence is read again loosely (`clean_loosely`): its page's description, else
its lines that read as running text.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Literal

from .types import Article, RawArticle, Removal
from .words import word_count

OpenLines = Literal["drop", "text", "all"]

# (pattern, reason): a paragraph matching any of these is dropped whole. Patterns anchored with ^ only look
# at the start of a paragraph; the others are tried only when their cue word occurs, which keeps cleaning
# at about 1 ms per article.
_BOILERPLATE_START = [
    (r"skip (links|to (main )?content|navigation)\b", "navigation"),
    (r"[\w&'’ -]{1,30}(\s+[/|>»]\s+[\w&'’ -]{1,30})+$", "navigation breadcrumbs"),
    (r"read more( at| on|:)?\b|read \d+ min(ute)?s?\b|(\d+ )?min(ute)? read$", "read-more link"),
    (
        r"(share|tweet|email|print|comments?|facebook|twitter|whatsapp|linkedin|pinterest|reddit)"
        r"( (this|on|via) \w+)?$|play (facebook|twitter)\b",
        "share widget",
    ),
    (r"subscribe\b", "subscribe widget"),
    (
        r"advertisement\b|story continues below\b|story continued below\b|continue reading\b"
        r"|(top|back to top) of page$|article excerpt$|text size\b",
        "advertising or page furniture",
    ),
    (r"(related|more from|photos?|video|watch|listen|full coverage|see also|recommended)\s*:", "related links"),
    (r"(image|photo|picture) (copyright|caption|credit)\b|toggle caption\b", "photo credit"),
    (r"(https?://|www\.)\S+$", "bare web address"),
    (r"sorry, the page you requested (was|could) not (be )?found\b|click here to go to the home page\b", "error page"),
]
_BOILERPLATE_ANYWHERE = [
    (
        "cookie",
        # "our cookie policy", not "its new cookie policy": news about cookies is news.
        r"\b(this|our) (web)?site uses cookies\b|\b(our|read the) cookie (policy|settings|preferences)\b"
        r"|\bwe use cookies\b"
        r"|\bcookies\b.{0,80}\b(datenschutz\w*|verwendet|akzeptieren|zustimmen|einverstanden)\b"
        r"|\b(wir verwenden|verwendet|nutzt|nutzen)\b.{0,40}\bcookies\b"
        r"|\b(utilise|utilisons|acceptez|accepter)\b.{0,40}\bcookies\b|\bcookies\b.{0,60}\b(consentement|paramétrer)\b",
        "cookie or consent notice",
    ),
    ("continuing to", r"\bby continuing to (browse|use)\b", "cookie or consent notice"),
    ("opt-out", r"\bopt-out if you wish\b", "cookie or consent notice"),
    ("share this", r"\bshare this (article|story|page)\b", "share widget"),
    ("newsletter", r"\b(sign up|subscribe)\b.{0,60}\bnewsletter\b", "subscribe widget"),
    ("follow us on", r"\bfollow us on\b", "subscribe widget"),
    ("accessed at", r"\bcan also be accessed at\b", "alternate addresses footer"),
    ("alternate", r"\balternate (web )?addresses\b", "alternate addresses footer"),
    ("crawl data", r"\bdonating their crawl data\b", "web archive notice"),
    ("these crawls", r"\bthese crawls are part of an effort to archive pages\b", "web archive notice"),
    ("tweet with a location", r"\bwhen you tweet with a location\b", "embedded tweet widget"),
    ("wayback machine", r"\bwayback machine\b", "web archive notice"),
    ("your tweets", r"\b(add|adding) (a )?location (information )?to your tweets\b", "embedded tweet widget"),
    ("as an interest", r"\bas an interest to stay up to date\b", "follow widget"),
    ("unsubscribe", r"\b(you can )?unsubscribe at any time\b", "subscribe widget"),
    (
        "javascript",
        r"\bjavascript is (disabled|turned off|not enabled)\b|\b(please )?enable javascript\b",
        "script notice",
    ),
]
# Notices and credits are removed sentence by sentence, so the news in the same paragraph stays: a wire story
# often arrives as one paragraph ending "... © 2016 The Associated Press. All rights reserved."
# Each pattern comes with cues, one of which (in lower case) is in every text it matches: a pattern is tried
# only on a sentence holding one, which spares most paragraphs every pattern.
_NOTICES = [
    (
        (
            "©",
            "(c) ",
            "copyright",
            "rights reserved",
            "droits réservés",
            "rechte vorbehalten",
            "may not be",
            "commercial use",
            "presentation-ready",
            "broadcast, rewritten",
            "privacy policy",
            "this site is provided",
            "under licen",
            "with permission",
        ),
        r"(?<![A-Za-zÃÂ])©|\(c\) \d{4}\b|\bcopyright\b.{0,40}\b\d{4}\b|\ball rights reserved\b|\btous droits réservés\b"
        r"|\balle rechte vorbehalten\b|\bmay not be (re)?published\b|\bbroadcast, rewritten\b"
        r"|^learn more about our privacy policy\b|\bunder which this site is provided\b"
        r"|^(republished|reprinted|reproduced)\b.{0,60}\b(under licen[cs]e|with permission)\b"
        r"|\bfor your personal,? non-?commercial use\b|\bpresentation-ready copies\b",
        "copyright notice",
    ),
    (
        ("reporting by", "editing by", "writing by", "compiled by", "contributed"),
        r"^\(?(additional )?(reporting|editing|writing|compiled) by\b"
        r"|\bcontributed( reporting)? to this (report|story|article)\b",
        "credits line",
    ),
    (
        (
            "originally",
            "first appeared",
            "first published",
            "first ran",
            "appeared first",
            "erschien zuerst",
            "cet article a été publié",
        ),
        r"^(this|the) (article|story|post|piece) (was )?(originally|first) (appeared|published|ran)\b"
        r"|^(this|the) (article|story|post) appeared first\b|\berschien zuerst\b|^cet article a été publié",
        "reprint notice",
    ),
    (
        (
            "subscri",
            "newsletter",
            "log in",
            "sign in",
            "sign up",
            "register",
            "already a member",
            "become a member",
            "you have reached",
            "you have read",
            "jetzt anmelden",
            "abonn",
            "paywall",
            "free article",
            "registrier",
            "premium",
            "会員",
            "続き",
            "保存した記事",
            "订阅",
            "訂閱",
        ),
        r"\b(subscribe|sign up|register) (now |today )?(to|for) (read|continue|unlimited|full access|our)\b"
        r"|\b(already a|become a) (subscriber|member)\b|\bsubscribers? only\b|\bfor (our )?subscribers\b"
        r"|\byou have (reached|read) (your|the) (limit|\d+ free)\b|\bfree articles? (left|remaining)\b"
        r"|\b(a|our|the) (daily|weekly|free|email) newsletter\b|\bnewsletter (from|that delivers)\b"
        r"|\b(sign|log) in to (read|continue|comment)\b|^sign up (now |today )?(to get|to receive|for)\b"
        r"|^abonnez-vous\b|\bréservée? aux abonnés\b"
        r"|^jetzt (abonnieren|registrieren|anmelden)\b|\bnur für abonnenten\b|\bpremium[- ]inhalt"
        # Japanese and Chinese: "paid members only", "members only", "read on once registered", "saved
        # articles can be read on ...", "subscribe".
        r"|有料会員|会員限定|会員登録|続きをお読み|保存した記事|订阅|訂閱",
        "subscription or paywall prompt",
    ),
    (
        (
            "click here",
            "klicken sie hier",
            "cliquez ici",
            "click through",
            "click on the",
            "you might also",
            "you may also",
            "you can",
        ),
        r"^\W*(click here|klicken sie hier|cliquez ici)\b|\bclick here to (search|subscribe|sign|read|see|view|find)\b"
        r"|^click (through|on the (slideshow|gallery|photos?|images?|video|link))\b"
        r"|^you (might|may) also (be interested in|like)\b"
        r"|^you can (see|watch|read|find|view|listen to|download)\b.{0,60}\bhere\W*$",
        "link prompt",
    ),
    (
        # "01:34 Loading...": a video player's length and status
        ("browser", "loading", "share button", "share this with", "responses to this entry", "please share your"),
        r"\byour browser does not support\b|\buse your browser'?s back button\b|\d:\d\d\s+loading(\.\.\.|…)\s*$"
        r"|\bshare (this|it) with\b.{0,60}\bshare button\b|\bfollow any responses to this entry\b"
        r"|^please share your (videos|photos|pictures|stories)\b",
        "page furniture",
    ),
    (
        ("information purposes", "informational purposes", "advertising department", "original photos"),
        r"\bprovided for (information|informational) purposes only\b|\badvertising department\b"
        r"|\bdo not always include original photos\b",
        "disclaimer or archive note",
    ),
]
_NOTICE_CHECKS = [(cues, re.compile(pattern, re.IGNORECASE), reason) for cues, pattern, reason in _NOTICES]
# Sentence pieces of a paragraph, only to find its notices: a break after a full stop before a capital,
# a bracket or a ©. The pattern opens on the space, looking back for the stop, so the regex engine can skip to
# spaces (three times faster); text with Chinese or Japanese full stops, which need no space after them, has its own.
_NOTICE_PIECES = re.compile(r"\s(?<=[.!?]\s)\s*(?=[A-Z0-9(©\"“‘»—-])|\s(?<=[a-z0-9.]\s)\s*(?=©)")
_WIDE_NOTICE_PIECES = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(©\"“‘»—-])|(?<=[a-z0-9.])\s+(?=©)|(?<=[。！？])\s*")
_WIDE_STOPS = ("。", "！", "？")
# The breadcrumbs rule is tried apart, on a line holding one of its separators only: run at the start of every
# line, it cost as much as all the other rules together.
_CRUMBS = 1
_START_RE = re.compile(
    "|".join(f"(?P<rule{i}>{pattern})" for i, (pattern, _) in enumerate(_BOILERPLATE_START) if i != _CRUMBS),
    re.IGNORECASE,
)
_CRUMBS_RE = re.compile(_BOILERPLATE_START[_CRUMBS][0], re.IGNORECASE)
_START_REASON = {f"rule{i}": reason for i, (_pattern, reason) in enumerate(_BOILERPLATE_START)}
_ANYWHERE = [(cue, re.compile(pattern, re.IGNORECASE), reason) for cue, pattern, reason in _BOILERPLATE_ANYWHERE]

# Photo credits and caption markers: a paragraph carrying one is a caption, not reporting.
# The look-ahead for the characters the alternatives start with lets the regex engine skip to those (eight
# times faster over the Multi-News dev paragraphs that hold a caption cue).
_CAPTION = re.compile(
    r"(?=[(/APRFGS])(?:\((AP|AFP|EPA|Reuters|Getty)?\s*Photo\b|\bAP Photo/|\bREUTERS/|\bFILE PHOTO:|\bGetty Images\b"
    r"|\((Associated Press|AP|Reuters|AFP|Getty Images)\)\s*$|\(Photo (via|by|credit)\b"
    r"|\bPhoto(graph)?: |\bPhoto(graph)? by\b|/AFP\b|\bShutterstock\b)",
)
_CAPTION_CUES = ("photo", "reuters", "getty", "shutterstock", "afp", "associated press", "(ap)")
# A caption glued to the end of a real sentence: "... ten miles away. Pictured: People celebrate ..." (the
# pattern opens on the space, looking back for the stop, for speed; the stop stays with the sentence).
_TRAILING_CAPTION = re.compile(r"\s(?<=[.!?’”\"]\s)\s*(Pictured|Above|Below|Left|Right|Inset|Top|Bottom):\s.*$")
# A dateline or wire slug opening a paragraph: "SAN FRANCISCO (Reuters) - ", "NASHVILLE, Tenn. (AP) — ",
# "SURABAYA, Indonesia/JAKARTA (Reuters) - ", "KABUL, Afghanistan (AP) -- ", "BERLIN (AP) _ ", "(CNN) -- ",
# "PITTSFIELD — ". A place alone must be in capitals and followed by a dash, so "Paris — the city" stays.
_AGENCY = r"AP|Reuters|AFP|CNN|UPI|Bloomberg|dpa|Xinhua|Associated Press|[A-Z][A-Za-z]+ News"
_DATELINE = re.compile(
    r"^(?:(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}|[A-Z][a-z]{2,8}\.? \d{1,2}(?=\s*\())"
    r"(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2})?"
    r"(?:/[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2})?)*"
    r"(?:,\s*[A-Z][a-z]+\.? \d{1,2})?\s*)?"
    rf"(?:\((?P<agency>{_AGENCY})\)\s*)?(?:--?|[—–_])\s+"
)
# The same in a script without capitals: a few words of place, then the agency and a dash.
_UNCASED_DATELINE = re.compile(rf"^[^.!?()\n]{{1,40}}?\s*\((?P<agency>{_AGENCY})\)\s*(?:--?|[—–_])\s+")
# Tags left in a page's text as text: '<a href="...">www.example.org</a>'.
_MARKUP = re.compile(
    r"</?(?:a|p|em|strong|b|i|u|span|div|br|font|h[1-6]|iframe)\b[^<>]{0,500}>",
    re.IGNORECASE,
)
# "16.06 " or "9:45am " opening a live blog's entry; a capital must follow, so "12.50 dollars" stays.
_TIME_STAMP = re.compile(
    r"^(?:[01]?\d|2[0-3])[.:][0-5]\d(?:\s*(?:am|pm|a\.m\.|p\.m\.|GMT|BST|UTC|ET|EST|CET|Uhr))?\s+(?=[A-Z\"“‘])"
)
# A list item's marker ("- ", "• "), so a summary quotes the item's words; and a Japanese wire dateline
# ("【6月18日 AFP】").
_LIST_MARKER = re.compile(r"(?P<mark>[-*•·▪►]\s+)(?=\S)|【[^】\n]{1,40}】\s*")
_CITATION_MARKS = re.compile(r"(\[\d+\])+\s*$")
_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b\s*")
# The same line right after the headline: "Ferry strike ends\ndate 2026-03-02\n\nThe strike ...".
_DATE_AFTER_HEADLINE = re.compile(r"^\s*[^\n]{1,300}\n\s*(?P<line>date\s+(?P<date>\d{4}-\d{2}-\d{2})[ \t]*(?:\n|$))")
_BYLINE = re.compile(r"^(by|written by|posted by|updated:?|published:?)\s+[A-Z]", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…][\"'’”)\]]*$|[.!?][\"'’”)\]]*\s")
# Outlet named by the text itself (metadata wins when present).
# Each with words (in lower case) that every match holds.
_OUTLET_PATTERNS = [
    ("read more at", re.compile(r"^read more at\s+(?P<outlet>[\w.-]+\.[a-z]{2,})", re.IGNORECASE | re.MULTILINE)),
    (
        "website can also be accessed",
        re.compile(r"^(?P<outlet>[A-Z][\w .&-]{1,40}?)['’]s website can also be accessed", re.MULTILINE),
    ),
]
_THAI_LINE = re.compile(r"^[\W\d]*[\u0e00-\u0e7f]")
_THAI_PROSE_WORDS = 12
_KEY_DROP = bytes(b for b in range(128) if not chr(b).isalnum())
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
# A break between sentences: spaces after a full stop (or a closing quote) before a capital. The stop goes with
# the spaces, which costs the pieces nothing (their keys drop it) and lets the regex engine skip to stops.
_CHUNK_BREAK = re.compile(r"[.!?’”\"]\s+(?=[A-Z‘“\"])")

# A title is a first line with no sentence end and at most this many words: headlines run 5-20 words in
# the Mali example and the bundled one; a longer first line without a full stop is a caption or a teaser.
_TITLE_MAX_WORDS = 25
# Fewer words than this is a label or a widget ("Read more.", "Share this."), even with a full stop.
MIN_PROSE_WORDS = 4
# A byline ("By Maria Okafor, Chief Correspondent") is short; a longer line starting "By ..." is a sentence.
_BYLINE_MAX_WORDS = 12
# Hard-wrapped text: at least this many lines, wrapped at a width in this range (mail and wire archives use
# 60-80 columns), and a line shorter than this share of the width ends its paragraph (a wrapped line falls
# short of the width by at most one word). Dev clusters wrapped at 70, R1/R2: 6 lines 45.42/15.23, 4 lines
# 45.40/15.21, 2 lines 45.45/15.31 (as given 45.74/15.40); fewer lines would join a headline to its text.
_WRAP_MIN_LINES = 6
_WRAP_WIDTHS = (40, 100)
_WRAP_FULL_SHARE = 0.7
# Wrapped text breaks a full line where the next word would overflow it; past this share of breaks where it
# would have fitted, the lines are items or paragraphs of their own (textwrap's output has none).
_WRAP_FIT_SHARE = 0.25
# A page with no full sentence is read for its lines of at least this many words: menus, labels and
# headings run 1-7 words on ../shared/field; a list item or a cut-off teaser runs longer.
_OPEN_LINE_MIN_WORDS = 8
# ... and at least this share of its words in lower case: a teaser sentence has about 70%, a title-case link
# ("Video Promotion: Shell - The Power of Innovation") under 20%.
_OPEN_LINE_LOWER_SHARE = 0.4
# One article's cleaned text is briefed up to this many characters (about 10,000 words), so one page costs
# at most about a second: the briefing takes 0.6-1 s per 90,000 characters; the longest Multi-News dev
# document has 49,918 and a long read on ../shared/field 86,687.
MAX_BRIEFED_CHARS = 60_000
CUT_REASON = "past the length briefed of one article"
_CUT_SHOWN = 300
# Sentence pieces shorter than this (in key characters) are too common to mark a paragraph as repeated.
_MIN_CHUNK_KEY = 20


def clean(
    raw: RawArticle,
    *,
    shared_noise: frozenset[str] = frozenset(),
    open_lines: OpenLines = "drop",
    furniture: Mapping[str, str] | None = None,
) -> Article:
    """Clean one raw article. `shared_noise` holds paragraph keys found to be boilerplate across a cluster;
    `furniture` maps the keys (`paragraph_key`) of lines known as its outlet's furniture to the reason they go.
    Lines without a sentence end are dropped, or with `open_lines` kept: "text" those that read as running
    text, "all" every one (a page's description: `clean_loosely`)."""
    published = raw.published
    text = unwrap(raw.text.replace("\r\n", "\n").replace("\r", "\n"))
    removed: list[Removal] = []
    date_match = _DATE_LINE.match(text)
    if date_match:
        published = published or date_match.group(1)
        text = text[date_match.end() :]
        removed.append(Removal(date_match.group().strip(), "date line (kept as the publication date)"))
    elif "date" in text[:300]:
        second = _DATE_AFTER_HEADLINE.match(text)
        if second:
            published = published or second.group("date")
            text = text[: second.start("line")] + text[second.end("line") :]
            removed.append(Removal(second.group("line").strip(), "date line (kept as the publication date)"))

    kept: list[str] = []
    seen_keys: set[str] = set()
    seen_chunks: set[str] = set()
    title = raw.title.strip()
    title_key = _key(title)
    cues = _Cues(text)
    source = raw.source or _outlet_from_text(text, cues)

    for line in text.split("\n"):
        paragraph = _normalize_spaces(line)
        if not paragraph:
            continue
        reason = _noise_reason(paragraph, cues)
        key = tail = ""
        if reason is None and furniture:
            reason = furniture.get(_key(paragraph))
        if reason is None:
            paragraph = _strip_furniture(paragraph, removed)
            paragraph, notices = _strip_notices(paragraph, cues.notices)
            removed.extend(notices)
            if not paragraph:
                continue
            key = _key(paragraph)
        if reason is None and title_key and key == title_key:
            reason = "title"
        if reason is None:
            paragraph, tail = _split_trailing_caption(paragraph)
            if tail:
                removed.append(Removal(tail, "photo caption"))
        if reason is None and not _is_prose(paragraph):
            # The headline is the first line that is not furniture; outlets reprinting one wire story
            # share it, so this check comes before the cross-article one.
            if not title and not kept and len(paragraph.split()) <= _TITLE_MAX_WORDS and open_lines != "all":
                title, title_key, reason = paragraph, key, "title"
            elif key in shared_noise:
                reason = "repeated across articles"
            elif open_lines == "all" or (open_lines == "text" and _reads_as_text(paragraph)):
                pass
            else:
                reason = "no sentence end (heading, caption or widget)"
        if reason is None:
            paragraph, dateline, agency = _split_dateline(paragraph)
            if dateline:
                removed.append(Removal(dateline, "dateline"))
                source = source or agency
            if dateline or tail:  # the key of what is kept
                key = _key(paragraph)
            chunks = _chunks(paragraph, key)
            if (key and key in seen_keys) or (chunks and all(c in seen_chunks for c in chunks)):
                reason = "repeated paragraph"
            else:
                seen_keys.add(key)
                seen_chunks.update(chunks)
                kept.append(paragraph)
                continue
        removed.append(Removal(paragraph, reason))

    body = "\n\n".join(kept)
    if len(body) > MAX_BRIEFED_CHARS:
        body, rest = _cut(body)
        removed.append(Removal(rest[:_CUT_SHOWN] + (" …" if len(rest) > _CUT_SHOWN else ""), CUT_REASON))
    return Article(
        id=_article_id(raw),
        text=body,
        origin=raw.origin,
        title=title,
        source=source,
        url=raw.url,
        published=published,
        removed=tuple(removed),
    )


def unwrap(text: str) -> str:
    """Text hard-wrapped at a fixed width (wire archives, mail) with each paragraph on one line again; other
    text as it is. Wrapped text has most lines near one width, many of them stopping mid-sentence; a blank
    line, an indented line or a line well short of the width ends a paragraph."""
    lines = text.split("\n")
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < _WRAP_MIN_LINES:
        return text
    width = lengths[int(len(lengths) * 0.9)]
    if not _WRAP_WIDTHS[0] <= width <= _WRAP_WIDTHS[1]:
        return text
    full = width * _WRAP_FULL_SHARE
    long_lines = [line.rstrip() for line in lines if len(line.rstrip()) >= full]
    open_ended = sum(1 for line in long_lines if not line.endswith((".", "!", "?", '"', "”", "’", ":")))
    if len(long_lines) < 0.5 * len(lengths) or open_ended < 0.5 * len(long_lines):
        return text
    if not _wrapped_greedily(lines, width, full):
        return text
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        stripped = line.strip()
        if current and (not stripped or line[:1] in " \t"):
            paragraphs.append(" ".join(current))
            current = []
        if not stripped:
            paragraphs.append("")
            continue
        if current and current[-1][-1:] == "-" and current[-1][-2:-1].isalpha() and stripped[:1].isalpha():
            current[-1] += stripped  # "sex-" + "discrimination": a line broken at a word's hyphen
        else:
            current.append(stripped)
        if len(line.rstrip()) < full:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)


def _cut(body: str) -> tuple[str, str]:
    """`body` cut at the last paragraph (else sentence, else word) break within MAX_BRIEFED_CHARS, and the rest."""
    head = body[:MAX_BRIEFED_CHARS]
    for mark in ("\n\n", ". ", " "):
        at = head.rfind(mark)
        if at > MAX_BRIEFED_CHARS // 2:
            end = at + (1 if mark == ". " else 0)
            return body[:end], body[end:].strip()
    return head, body[MAX_BRIEFED_CHARS:]


def cut_notes(articles: Sequence[Article]) -> tuple[str, ...]:
    """A note naming the articles whose text was cut to MAX_BRIEFED_CHARS, if any."""
    cut = [article.origin for article in articles if any(r.reason == CUT_REASON for r in article.removed)]
    return (f"Only the first {MAX_BRIEFED_CHARS:,} characters of {some_named(cut)} are briefed.",) if cut else ()


def _wrapped_greedily(lines: Sequence[str], width: int, full: float) -> bool:
    """Whether the lines break where a wrapping program breaks them: the next line's first word would not
    have fitted on a full line. One item a line (a list of headlines) breaks where the next word would fit."""
    breaks = fits = 0
    for line, after in itertools.pairwise(line.rstrip() for line in lines):
        if len(line) < full or not after.strip() or after[:1] in " \t":
            continue
        breaks += 1
        fits += len(line) + 1 + len(after.split()[0]) <= width
    return fits <= _WRAP_FIT_SHARE * breaks


def clean_all(raws: Sequence[RawArticle], *, furniture: Mapping[str, Mapping[str, str]] | None = None) -> list[Article]:
    """Clean the articles of one cluster, using repetition across them as a boilerplate signal, and dropping
    the lines `furniture` names for their outlet (source -> line key -> reason)."""
    shared = shared_noise(raws)
    furniture = furniture or {}
    # A reprint (same text, title, source and date) cleans as its original did: only origin, URL and id differ.
    done: dict[tuple[str, str, str, str], Article] = {}
    articles = []
    for raw in raws:
        key = (raw.text, raw.title, raw.source, raw.published)
        if key not in done:
            done[key] = clean(raw, shared_noise=shared, furniture=furniture.get(raw.source))
            articles.append(done[key])
        else:
            articles.append(dataclasses.replace(done[key], id=_article_id(raw), origin=raw.origin, url=raw.url))
    return _unique_ids(articles)


def paragraph_key(line: str) -> str:
    """The key by which cleaning compares a line of raw text with others (spaces, case and punctuation aside)."""
    return _key(_normalize_spaces(line))


def clean_loosely(raws: Sequence[RawArticle], cleaned: Sequence[Article]) -> tuple[list[Article], tuple[str, ...]]:
    """`cleaned` (`clean_all(raws)`) with each article that was left without text read again more loosely,
    and notes naming those so read: a page's description when it has one (a page built by script, a video's
    page), else its lines of some length that lack a sentence end (a list, a teaser the page cut off)."""
    articles: list[Article] = []
    read: dict[str, list[str]] = {}
    for raw, article in zip(raws, cleaned, strict=True):
        if not article.text:
            article, how = _read_loosely(raw)
            if article.text:
                read.setdefault(how, []).append(raw.origin)
        articles.append(article)
    notes = tuple(
        f"{some_named(origins)} {'has' if len(origins) == 1 else 'have'} no article text in full sentences: {how}."
        for how, origins in read.items()
    )
    return _unique_ids(articles), notes


def some_named(origins: Sequence[str], shown: int = 3) -> str:
    """ "a.html", "a.html, b.html, c.html and 4 more": the articles a note is about, a few by name."""
    rest = len(origins) - shown
    return ", ".join(origins[:shown]) + (f" and {rest} more" if rest > 0 else "")


def _read_loosely(raw: RawArticle) -> tuple[Article, str]:
    if raw.description:
        # The publisher wrote it to describe the page: taken as it is, title case or not.
        article = clean(dataclasses.replace(raw, text=raw.description), open_lines="all")
        if article.text:
            return article, "the page's description is briefed instead"
    return clean(raw, open_lines="text"), "lines without a sentence end are briefed as they are"


def shared_noise(raws: Sequence[RawArticle]) -> frozenset[str]:
    """Keys of sentence-less lines that recur in two or more articles: site furniture, not news."""
    if len(raws) < 2:
        return frozenset()
    counts: Counter[str] = Counter()
    for text, copies in Counter(raw.text for raw in raws).items():  # a reprint's lines are read once
        keys = set()
        for line in text.split("\n"):
            paragraph = _normalize_spaces(line)
            if paragraph and not _is_prose(paragraph):  # only such lines are checked against it
                keys.add(_key(paragraph))
        counts.update(keys if copies == 1 else dict.fromkeys(keys, copies))
    return frozenset(k for k, n in counts.items() if n >= 2 and k)


def _normalize_spaces(line: str) -> str:
    line = line.strip()
    if "  " in line or "\t" in line or "\u00a0" in line or "\u2009" in line or "\u202f" in line:
        line = _SPACES.sub(" ", line)
    return line


def _noise_reason(paragraph: str, cues: _Cues) -> str | None:
    start = _start_rule(paragraph)
    if start:
        return _START_REASON[start]
    lower = paragraph.lower() if cues.anywhere or cues.caption else ""
    for cue, pattern, reason in cues.anywhere:
        if cue in lower and pattern.search(paragraph):
            return reason
    if cues.caption and any(cue in lower for cue in _CAPTION_CUES) and _CAPTION.search(paragraph):
        return "photo caption or credit"
    if _BYLINE.match(paragraph) and len(paragraph.split()) <= _BYLINE_MAX_WORDS:
        return "byline"
    if not any(ch.isalpha() for ch in paragraph):
        return "no words (separator)"
    return None


def _start_rule(paragraph: str) -> str | None:
    """The first of the rules in _BOILERPLATE_START that matches the start of the paragraph ("rule2"), or None."""
    match = _START_RE.match(paragraph)
    rule = match.lastgroup if match else None
    separated = "/" in paragraph or "|" in paragraph or ">" in paragraph or "»" in paragraph  # as in breadcrumbs
    if separated and (rule is None or int(rule[4:]) > _CRUMBS):
        return f"rule{_CRUMBS}" if _CRUMBS_RE.match(paragraph) else rule
    return rule


def _strip_furniture(paragraph: str, removed: list[Removal]) -> str:
    """The paragraph without raw HTML tags (their words kept) and a live blog's time stamp before its first
    sentence ("16.06 Search teams ..."); what goes is added to `removed`."""
    if "<" in paragraph and _MARKUP.search(paragraph):
        removed.extend(Removal(tag, "HTML markup") for tag in _MARKUP.findall(paragraph))
        paragraph = _normalize_spaces(_MARKUP.sub("", paragraph))
    stamp = _TIME_STAMP.match(paragraph) if paragraph[:1].isdigit() else None
    if stamp:
        removed.append(Removal(stamp.group().strip(), "live-blog time stamp"))
        paragraph = paragraph[stamp.end() :]
    marker = _LIST_MARKER.match(paragraph) if paragraph[:1] in "-*•·▪►【" else None
    if marker:
        removed.append(Removal(marker.group().strip(), "list marker" if marker.group("mark") else "dateline"))
        paragraph = paragraph[marker.end() :]
    return paragraph


_NoticeCheck = tuple[tuple[str, ...], re.Pattern[str], str]


class _Cues:
    """Which cued checks can match anywhere in a text, found once for all its paragraphs: their cues are looked
    for in the whole text in lower case with its spaces normalized, as a paragraph has them. Later steps only
    remove characters from a paragraph, except markup removal, which can join words: in a text with markup every
    notice check is kept."""

    def __init__(self, text: str) -> None:
        self.lower = lower = _normalize_spaces(text.lower())
        self.anywhere = [entry for entry in _ANYWHERE if entry[0] in lower]
        self.caption = any(cue in lower for cue in _CAPTION_CUES)
        self.notices = (
            _NOTICE_CHECKS if "<" in text else [c for c in _NOTICE_CHECKS if any(cue in lower for cue in c[0])]
        )


def _strip_notices(paragraph: str, checks: Sequence[_NoticeCheck] = _NOTICE_CHECKS) -> tuple[str, list[Removal]]:
    """The paragraph without its copyright notices and credit lines, and those as removals; of `checks`, those
    whose cues it holds are tried."""
    if not checks:
        return paragraph, []
    lower = paragraph.lower()
    checks = [check for check in checks if any(cue in lower for cue in check[0])]
    if not checks:
        return paragraph, []
    kept: list[str] = []
    removed: list[Removal] = []
    wide = any(stop in paragraph for stop in _WIDE_STOPS)
    for piece in filter(None, (_WIDE_NOTICE_PIECES if wide else _NOTICE_PIECES).split(paragraph)):
        reason = _notice_reason(piece, checks)
        if reason is None:
            kept.append(piece)
        else:
            removed.append(Removal(piece, reason))
    if not removed:
        return paragraph, []
    if not kept:  # all notices: one removal, as the reader saw it
        return "", [Removal(paragraph, removed[0].reason)]
    joined = kept[0]
    for piece in kept[1:]:  # Chinese and Japanese sentences follow one another without a space
        joined += piece if joined.endswith(_WIDE_STOPS) else " " + piece
    return joined, removed


def _notice_reason(piece: str, checks: Sequence[_NoticeCheck]) -> str | None:
    """Why a sentence piece is a notice (the first of `checks` whose pattern matches it), or None."""
    lower = piece.lower()
    for cues, pattern, reason in checks:
        if any(cue in lower for cue in cues) and pattern.search(piece):
            return reason
    return None


def _is_prose(paragraph: str) -> bool:
    """A paragraph that ends like a sentence (or holds one) is reporting; other lines are page furniture."""
    # Splitting off the first few words tells a long paragraph without counting them all.
    if len(paragraph.split(None, MIN_PROSE_WORDS - 1)) < MIN_PROSE_WORDS and word_count(paragraph) < MIN_PROSE_WORDS:
        return False
    ending = paragraph.rstrip()
    if ending.endswith("]"):  # "...in the U.S.[57]": a citation mark after the full stop
        ending = _CITATION_MARKS.sub("", ending)
    ending = ending.rstrip("\"'’”)] ")
    # A line that stops mid-sentence is a caption or a heading, unless it holds two or more whole sentences
    # (a quoted tweet, a paragraph cut by the page); a caption holds at most one.
    if ending.endswith((".", "!", "?", "…", "。", "！", "？", "।", "۔", "؟")):
        return True
    # Thai ends its sentences without a mark: a long Thai line is prose.
    return len(_SENTENCE_END.findall(paragraph)) >= 2 or (
        bool(_THAI_LINE.match(paragraph)) and word_count(paragraph) >= _THAI_PROSE_WORDS
    )


def _reads_as_text(line: str) -> bool:
    """A line without a sentence end that still reads as text: long enough, and mostly in lower case, as
    running text is and a menu, a link list or a heading in title case or capitals is not."""
    if word_count(line) < _OPEN_LINE_MIN_WORDS:
        return False
    initials = [next((ch for ch in word if ch.isalpha()), "") for word in line.split()]
    cased = [letter for letter in initials if letter.isupper() or letter.islower()]
    lower_words = sum(1 for letter in cased if letter.islower())
    capitals = sum(1 for ch in line if ch.isupper())
    cased_letters = sum(1 for ch in line if ch.isupper() or ch.islower())
    return lower_words >= _OPEN_LINE_LOWER_SHARE * len(cased) and capitals < 0.5 * cased_letters


def _split_trailing_caption(paragraph: str) -> tuple[str, str]:
    match = _TRAILING_CAPTION.search(paragraph) if ": " in paragraph else None
    if not match:
        return paragraph, ""
    return paragraph[: match.start()].rstrip(), match.group().strip()


def _split_dateline(paragraph: str) -> tuple[str, str, str]:
    """(paragraph without its dateline, the dateline, the agency it names)."""
    if paragraph[:1].isalpha() and not paragraph[:1].isupper() and not paragraph[:1].islower():
        # a script without capitals: "دمشق، سوريا (CNN) -- "
        slug = _UNCASED_DATELINE.match(paragraph)
        if slug and slug.end() < len(paragraph):
            return paragraph[slug.end() :], slug.group().strip(), slug.group("agency")
        return paragraph, "", ""
    match = _DATELINE.match(paragraph) if paragraph[:1].isupper() or paragraph[:1] == "(" else None
    if not match or match.end() >= len(paragraph) or not (match.group("place") or match.group("agency")):
        return paragraph, "", ""
    rest = paragraph[match.end() :]
    if not (rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in "\"“‘'"):
        return paragraph, "", ""  # "NATO - the alliance met": a sentence, not a dateline
    if not match.group("agency") and (len(match.group("place")) < 3 or not match.group("place").isupper()):
        # a place alone must be in capitals: "PITTSFIELD —"
        return paragraph, "", ""
    return paragraph[match.end() :], match.group().strip(), match.group("agency") or ""


def _outlet_from_text(text: str, cues: _Cues) -> str:
    for cue, pattern in _OUTLET_PATTERNS:
        match = pattern.search(text) if cue in cues.lower else None
        if match:
            return match.group("outlet").strip()
    return ""


def _key(text: str) -> str:
    """Comparison key: lowercase ASCII letters and digits only, so ' vs ’ and trailing periods do not matter."""
    key = text.lower().encode("ascii", "ignore").translate(None, _KEY_DROP).decode("ascii")
    if key or text.isascii():
        return key
    # Text with no ASCII letters (Cyrillic, Greek, ...) keeps its own letters, or every such paragraph
    # would share the empty key and all but the first would pass for repeats.
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _chunks(paragraph: str, key: str) -> list[str]:
    """Sentence-sized pieces, only to notice a paragraph that merely re-joins sentences said before; `key` is
    the paragraph's (`_key`), the piece of a paragraph of one sentence."""
    pieces = _CHUNK_BREAK.split(paragraph)
    keys = (_key(p) for p in pieces) if len(pieces) > 1 else (key,)
    return [k for k in keys if len(k) >= _MIN_CHUNK_KEY]


def _article_id(raw: RawArticle) -> str:
    digest = hashlib.blake2b(f"{raw.url}\n{raw.text}".encode(), digest_size=5).hexdigest()
    return f"a{digest}"


def _unique_ids(articles: list[Article]) -> list[Article]:
    """Identical inputs hash alike; number the repeats so every id in a cluster is unique."""
    seen: Counter[str] = Counter()
    unique = []
    for article in articles:
        seen[article.id] += 1
        count = seen[article.id]
        unique.append(article if count == 1 else dataclasses.replace(article, id=f"{article.id}-{count}"))
    return unique
