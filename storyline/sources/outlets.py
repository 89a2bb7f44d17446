"""Outlet names and headlines as readers know them, from what pages and feeds declare.

Sites declare their name in many shapes: a Twitter handle ("Grazia_Live"), a domain turned into words
("Reuters_Co_Uk"), an edition ("ReutersIndia"), a copyright line ("© Spox 2022") or an unfilled template
("{$plugin.tx_news.opengraph.site_name}"). `outlet_name` makes one clean name per outlet, so that the
editions of one outlet or agency read, and count, as one. `clean_title` takes the site's name and other
furniture off the end of a headline ("... - Telegraph", "... | WIRED") and decodes entities.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlparse

# News agencies and the names their copy carries; each maps to the name shown.
_AGENCIES = {
    "ap": "AP",
    "associatedpress": "AP",
    "theassociatedpress": "AP",
    "newsfromtheassociatedpress": "AP",
    "reuters": "Reuters",
    "thomsonreuters": "Reuters",
    "afp": "AFP",
    "agencefrancepresse": "AFP",
}
# What follows an outlet's brand in the name of one of its editions or in a domain spelled as words.
_EDITION_WORDS = frozenset(
    {"india", "uk", "us", "usa", "africa", "canada", "australia", "asia", "europe", "international", "online"}
    | {"com", "co", "org", "net", "news", "de", "fr", "pl", "it", "es", "nl", "ch", "at", "in", "au", "ca", "ie"}
    | {"live", "mobile", "www"}
)
_TEMPLATE = re.compile(r"[{}$]|^\W*$")
_COPYRIGHT = re.compile(r"©|\(c\)|\bcopyright\b|\ball rights reserved\b|\b(19|20)\d{2}\b", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Separators between a headline and the site furniture after it.
_TITLE_PARTS = re.compile(r"\s+(?:[|•·»:]{1,2}|[-–—]{1,2})\s+")
# A photo credit closing a headline: "（写真＝ロイター）", "(Photo: AP)".
_PHOTO_CREDIT = re.compile(r"\s*[（(](?:写真|photo|foto)\s*[=＝:：][^（()）]{1,40}[）)]$", re.IGNORECASE)
_DATE_PART = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
# A tail after "|" of at most this many words is the site's name or section, not part of the headline
# ("| Watch News Videos Online"); after a dash, only a tail that names the site goes.
_PIPE_TAIL_WORDS = 5


def outlet_name(declared: str, url: str = "") -> str:
    """The outlet's name from what the page declares (og:site_name, publisher), else from `url`'s domain."""
    name = " ".join(html.unescape(declared or "").split()).lstrip("@")
    if name and _COPYRIGHT.search(name):
        name = " ".join(_COPYRIGHT.sub(" ", name).split()).strip(" .,-|")
    domain = url_domain(url)
    if not name or _TEMPLATE.search(name) or "@" in name:
        name = domain
    if not name:
        return ""
    agency = _AGENCIES.get(_key(name))
    if agency:
        return agency
    brand = _brand(name, _domain_label(domain)).replace("_", " ")
    return _AGENCIES.get(_key(brand), brand)


def outlet_key(name: str) -> str:
    """The comparison key of an outlet name: its editions and spellings share it."""
    brand = _brand(name, "")
    return _key(_AGENCIES.get(_key(brand), brand))


def clean_title(title: str, outlet: str = "", url: str = "") -> str:
    """`title` with entities decoded and the site's name (and a trailing date) taken off either end; "" when
    it is only the site's name ("News from The Associated Press" over one of its stories)."""
    title = _PHOTO_CREDIT.sub("", " ".join(html.unescape(html.unescape(title or "")).split()))
    domain = url_domain(url)
    names = {_key(outlet), _key(_brand(outlet, "")), _domain_label(domain), *_host_labels(domain)} - {""}
    if _key(title) in names or (outlet and _AGENCIES.get(_key(title)) == outlet):
        return ""
    while True:
        separators = list(_TITLE_PARTS.finditer(title))
        if not separators:
            return title
        last, first = separators[-1], separators[0]
        head, tail = title[: last.start()], title[last.end() :]
        lead, rest = title[: first.start()], title[first.end() :]
        pipe_tail = "|" in last.group() and len(tail.split()) <= _PIPE_TAIL_WORDS and len(head.split()) >= 3
        # "... » SciLogs - Wissenschaftsblogs": the site's name, then its tagline
        before = separators[-2] if len(separators) > 1 else None
        site_then_tagline = (
            before is not None
            and _names_site(title[before.end() : last.start()], names)
            and sum(any(ch.isalnum() for ch in word) for word in title[before.end() :].split()) <= _PIPE_TAIL_WORDS
        )
        if _names_site(tail, names) or _DATE_PART.match(tail) or (pipe_tail and len(separators) == 1):
            title = head
        elif site_then_tagline and before is not None:
            title = title[: before.start()]
        elif _names_site(lead, names) and len(rest.split()) >= 2:
            title = rest
        else:
            return title


def url_domain(url: str) -> str:
    """The host of `url` without "www.": the outlet's name when nothing better is given."""
    try:
        host = urlparse(url).hostname or ""
    except ValueError:  # "http://[oops/": a feed's link is third-party text
        return ""
    return host.removeprefix("www.")


def _names_site(part: str, names: set[str]) -> bool:
    key = _key(part)
    return len(key) >= 2 and any(key == name or (len(key) >= 4 and (key in name or name in key)) for name in names)


def _brand(name: str, domain_label: str) -> str:
    """The name without edition words after the brand: "ReutersIndia" -> "Reuters", "Wpolityce Pl" ->
    "Wpolityce". Only when the brand is left (it starts the domain's label, or it has words after it)."""
    if " " in name and "_" not in name:  # "BBC News", "Global News": a name in words is the name
        return name
    words = _CAMEL.sub(" ", name.replace("_", " ")).split() if not name.isupper() else name.replace("_", " ").split()
    kept = list(words)
    while len(kept) > 1 and kept[-1].lower().strip(".") in _EDITION_WORDS:
        kept.pop()
    if len(kept) == len(words):
        return name
    brand = " ".join(kept)
    if domain_label and not _key(brand).startswith(domain_label[:4]) and not domain_label.startswith(_key(brand)):
        return name
    return brand


def _domain_label(domain: str) -> str:
    """ "in.reuters.com" -> "reuters", "telegraph.co.uk" -> "telegraph": the label naming the site."""
    labels = [label for label in domain.lower().split(".") if label]
    while len(labels) > 1 and (labels[-1] in _EDITION_WORDS or len(labels[-1]) <= 3):
        labels.pop()
    return _key(labels[-1]) if labels else ""


def _host_labels(domain: str) -> set[str]:
    """ "scilogs.spektrum.de" -> {"scilogs", "spektrum"}: the labels of a host that can name a site or a
    platform of it (not "www", a country code or a short label)."""
    return {label for label in domain.lower().split(".") if len(label) >= 4 and label not in _EDITION_WORDS}


def _key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())
