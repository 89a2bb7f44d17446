"""Brief real saved pages and feeds one at a time, as a new user would, and count what goes wrong.

    python benchmarks/field_pages.py [FIELD_DIR] [--show N]

FIELD_DIR (default ../shared/field) holds `pages/**/*.html` and `feeds/*`. Each page is read and briefed
alone; each feed's entries are briefed together. Prints tracebacks, refusals grouped by reason,
boilerplate summary sentences per 100 pages (by the patterns below), outlet names holding `_ { $ © @`,
the share of titles that keep a site suffix, warnings that reached stderr, and the slowest inputs.
"""

from __future__ import annotations

import argparse
import logging
import re
import time
import traceback
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from storyline import brief
from storyline.errors import InputError, StorylineError
from storyline.language import detect_language
from storyline.sources.files import read_articles
from storyline.sources.outlets import url_domain

ROOT = Path(__file__).resolve().parents[1]

# Sentences that are page furniture, not news, in English, French and German.
BOILERPLATE = [
    r"\bpaywall\b",
    r"\bsubscri(be|ber|ption)s?\b",
    r"\bnewsletter\b",
    r"\bcookies?\b",
    r"\b(cookie consent|consent to (the use|cookies)|consentement aux cookies)\b",
    r"\b(abonnez-vous|abonnieren|abonnement|abo)\b",
    r"\b(datenschutz|données personnelles|politique de confidentialité)\b",
    r"\boriginally (appeared|published)\b",
    r"<\s*/?\s*(a|p|em|strong|div|span|img)\b[^>]*>|&lt;|href=",
    r"©|\bcopyright (\d{4}|©)|\ball rights reserved\b|\btous droits réservés\b|\balle rechte vorbehalten\b",
    r"\b(photo|image|picture|foto)\s*(:|credit|(?-i:by [A-Z]))",  # "its image by taking" is no credit
    r"\((AP|AFP|Reuters|Getty|dpa) Photo\b|/AFP\b|\bGetty Images\b",
    r"^\s*\d{1,2}[.:]\d{2}\b",  # live-blog time stamp opening a sentence
    r"\b(sign up|log in|register) (for|to)\b",
    r"\bclick here\b",
]
_BOILERPLATE = [re.compile(pattern, re.IGNORECASE) for pattern in BOILERPLATE]
_BAD_OUTLET = re.compile(r"[_{$©@]")
# " - Telegraph", "| WIRED", " – Le Monde": a short name after a separator at the end of a title.
_SITE_SUFFIX = re.compile(r"\s[|–—-]\s+(?P<site>[^|–—-]{2,40})$|\s\|\s*(?P<site2>.{2,40})$")


@dataclass
class Tally:
    inputs: int = 0
    briefed: int = 0
    tracebacks: list[str] = field(default_factory=list)
    refused: Counter[str] = field(default_factory=Counter)
    refused_examples: dict[str, list[str]] = field(default_factory=dict)
    boilerplate: list[str] = field(default_factory=list)
    bad_outlets: Counter[str] = field(default_factory=Counter)
    titles: int = 0
    suffixed: list[str] = field(default_factory=list)
    warnings: Counter[str] = field(default_factory=Counter)
    seconds: list[tuple[float, str]] = field(default_factory=list)


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _reason(error: StorylineError) -> str:
    problem = getattr(error, "problem", None) or str(error)
    return re.sub(r"\d+", "N", problem)[:90]


def _has_site_suffix(title: str, source: str, url: str) -> bool:
    """A short tail after a separator that names the site: its outlet or domain, or a few capitalized words."""
    match = _SITE_SUFFIX.search(title)
    if not match:
        return False
    site = (match.group("site") or match.group("site2") or "").strip()
    words = site.split()
    if not 0 < len(words) <= 4:
        return False
    key = _key(site)
    names = {_key(source), _key(url_domain(url).split(".")[0])} - {""}
    if key and any(key in name or name in key for name in names):
        return True
    return not any(ch.isdigit() for ch in site) and all(w[:1].isupper() or w in {"&", "-", "of"} for w in words)


def _key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def run_one(path: Path, tally: Tally) -> None:
    tally.inputs += 1
    start = time.perf_counter()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            skipped: list[InputError] = []
            articles = read_articles([path], on_error=skipped.append)
            if not articles and skipped:
                raise skipped[0]
            briefing = brief(articles)
        for warning in caught:
            tally.warnings[f"{warning.category.__name__}: {str(warning.message)[:60]}"] += 1
    except StorylineError as error:
        reason = _reason(error)
        tally.refused[reason] += 1
        tally.refused_examples.setdefault(reason, []).append(str(path))
        return
    except Exception:
        tally.tracebacks.append(f"{path}\n{traceback.format_exc()}")
        return
    finally:
        tally.seconds.append((time.perf_counter() - start, str(path)))
    tally.briefed += 1
    for sentence in briefing.summary:
        if any(pattern.search(sentence.text) for pattern in _BOILERPLATE):
            tally.boilerplate.append(f"{path.name}: {sentence.text[:140]}")
    for article in briefing.articles:
        if _BAD_OUTLET.search(article.source):
            tally.bad_outlets[article.source] += 1
        if article.title:
            tally.titles += 1
            if _has_site_suffix(article.title, article.source, article.url):
                tally.suffixed.append(article.title)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("field", type=Path, nargs="?", default=ROOT.parent / "shared" / "field")
    parser.add_argument("--show", type=int, default=5, help="examples to list for each kind of problem")
    args = parser.parse_args()
    if not args.field.is_dir():
        raise SystemExit(f"{args.field} not found")
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    handler = _Counter()
    logging.getLogger("storyline").addHandler(handler)
    logging.getLogger("storyline").propagate = False
    pages = sorted((args.field / "pages").rglob("*.html"))
    # What a process loads once (trafilatura, the language model) is loaded before any page is timed.
    read_articles(pages[:1], on_error=lambda error: None)
    detect_language("Blåbærsyltetøy og rømmegrøt på kjøkkenbordet i går kveld.")
    feeds = sorted(p for p in (args.field / "feeds").glob("*") if p.is_file())
    results = {}
    for name, inputs in (("pages", pages), ("feeds", feeds)):
        tally = Tally()
        for path in inputs:
            run_one(path, tally)
        results[name] = tally
    n = args.show
    for name, tally in results.items():
        per100 = 100 * len(tally.boilerplate) / max(1, tally.inputs)
        suffix_share = 100 * len(tally.suffixed) / max(1, tally.titles)
        slowest = max(tally.seconds, default=(0.0, ""))
        print(f"== {name}: {tally.inputs} inputs, {tally.briefed} briefed")
        print(f"tracebacks: {len(tally.tracebacks)}")
        for text in tally.tracebacks[:n]:
            print("  " + text.strip().replace("\n", "\n  "))
        refused = sum(tally.refused.values())
        print(f"refused: {refused} ({100 * refused / max(1, tally.inputs):.1f}%)")
        for reason, count in tally.refused.most_common():
            print(f"  {count:4d}  {reason}")
            for example in tally.refused_examples[reason][:n]:
                print(f"          {example}")
        print(f"boilerplate summary sentences: {len(tally.boilerplate)} ({per100:.2f} per 100 inputs)")
        for line in tally.boilerplate[:n]:
            print(f"  {line}")
        print(f"outlet names with _ {{ $ © @: {sum(tally.bad_outlets.values())}")
        for outlet, count in tally.bad_outlets.most_common(n):
            print(f"  {count:4d}  {outlet}")
        print(f"titles with a site suffix: {len(tally.suffixed)} of {tally.titles} ({suffix_share:.1f}%)")
        for title in tally.suffixed[:n]:
            print(f"  {title}")
        print(f"python warnings: {sum(tally.warnings.values())}")
        for warning, count in tally.warnings.most_common(n):
            print(f"  {count:4d}  {warning}")
        over = sum(1 for seconds, _ in tally.seconds if seconds > 2.0)
        print(f"slowest: {slowest[0]:.2f} s {slowest[1]}; over 2 s: {over}")
        for seconds, path in sorted(tally.seconds, reverse=True)[1:n]:
            print(f"  {seconds:.2f} s {path}")
    print(f"storyline warnings logged: {len(handler.messages)}")


if __name__ == "__main__":
    main()
