"""Word lists the actor finder reads: known places and organizations, demonyms, titles and cue words.

The lists are data files written by hand, one entry a line, in storyline/data/ (read once by `data.word_list`).
They hold what news about any country names most often (every country, the capitals, large cities, regions,
international bodies, news agencies); a name not listed here is still found by its cues ("the town of X",
"X Ministry", "Mr X"), so the lists only need to be good at the common names. Lookups go through `fold` (case,
accents and apostrophes folded), except all-capital acronyms, which must match exactly: "US" is a country, "us"
is not.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .data import word_list, word_pairs

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "”": "'", "‐": "-", "–": "-"})


def fold(text: str) -> str:
    """Lower case, accents and apostrophe styles folded: "María Elena" and "maria elena" are one key."""
    if text.isascii() and "`" not in text:
        return text.lower()  # the common case: nothing else to fold
    return _fold_other(text)


@lru_cache(maxsize=65536)
def _fold_other(text: str) -> str:
    """`fold` for text with other characters than ASCII, or a backquote (cached: names repeat)."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


COUNTRIES = word_list("countries")
CITIES = word_list("cities")
REGIONS = word_list("regions")
ORGANIZATIONS = word_list("organizations")

# Long form of an acronym, for acronyms that do not spell their long form's initials or whose long form the
# text may not give beside them. The actor finder also links "Long Form (LF)" pairs it reads in the text.
ACRONYMS = word_pairs("acronyms")

# Adjectives of nationality, region or faith, and their plural nouns. They describe ("Malian soldiers",
# "Norwegians should stay at home") rather than name an actor, so they are never actors on their own.
DEMONYMS = word_list("demonyms")

# Plurals name people of a nationality ("Norwegians should stay at home"); adding "s" to every adjective also
# makes forms no text uses ("Frenchs"), which cost nothing.
DEMONYM_FORMS = frozenset(
    fold(w) for w in [*DEMONYMS, *(w + "s" for w in DEMONYMS), "Brits", "Britons", "Danes", "Frenchmen", "Swedes"]
)

# Titles and offices, as the head of a role: "Prime Minister Boubou Cisse", "finance minister Abdoulaye Daffe",
# "Stephane Dujarric, spokesperson for Mr Guterres". Matched folded; "prime" and "finance" are modifiers below.
TITLE_HEADS = frozenset(fold(w) for w in word_list("title-heads"))

# Words that may stand before a title head inside a role: "Prime Minister", "finance minister", "opposition
# leader", "Union leader", "special envoy". Matched folded.
TITLE_MODIFIERS = frozenset(fold(w) for w in word_list("title-modifiers"))

# Before a name these are how the text addresses a person, not a role: they join the surface form
# ("Mr Keita") and say "person", and "Mr"/"Ms" keep two people of one surname apart when the text says which.
HONORIFICS = frozenset(fold(w) for w in ["Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Sir", "Dame", "Lord", "Lady"])

# A capitalized word that ends an organization's name: "Ministry of Internal Security", "Norwegian Embassy".
ORGANIZATION_WORDS = frozenset(fold(w) for w in word_list("organization-words"))

# A capitalized word that opens an organization's name before "of": "Ministry of Defence", "University of X".
ORGANIZATION_OPENERS = frozenset(fold(w) for w in word_list("organization-openers"))

# Lower-case nouns that, right after a name, say what it names: "the M5-RFP coalition", "Sebenikoro
# neighbourhood", "the Santa Inés mine".
ORGANIZATION_NOUNS_AFTER = frozenset(word_list("organization-nouns-after"))

PLACE_NOUNS_AFTER = frozenset(word_list("place-nouns-after"))

# Lower-case nouns right before a name that say it names an organization: "environmental group Legambiente",
# "the maintenance contractor Ferrovie Tecniche Padane", "news agency Reuters".
ORGANIZATION_NOUNS_BEFORE = frozenset(word_list("organization-nouns-before"))

# Head nouns of an apposition that say the name before it is an organization: "ECOWAS, a political and economic
# union of 15 countries", "Mercitalia, the freight arm of the state railway group".
ORGANIZATION_APPOSITION_NOUNS = ORGANIZATION_NOUNS_BEFORE | frozenset(
    ["arm", "unit", "body", "union", "party", "authority", "ministry", "department", "association", "federation"]
)

# A capitalized word that ends a place name: "Atacama Desert", "Weir Road", "Kessel Bridge".
PLACE_WORDS = frozenset(fold(w) for w in word_list("place-words"))

# Lower-case words before a name that say it names a place: "the town of Kati", "the capital Bamako".
PLACE_NOUNS_BEFORE = frozenset(word_list("place-nouns-before"))

# Capitalized words that are never names on their own and end a capitalized run when they follow one.
WEEKDAYS_MONTHS = frozenset(fold(w) for w in word_list("weekdays-months"))

# Last words of capitalized runs that name an event, a law or a thing, not an actor: "World War II",
# "the Paris Agreement", "Covid-19".
NON_ACTOR_WORDS = frozenset(fold(w) for w in word_list("non-actor-words"))

# Capitalized only because they open a sentence: a run that starts with one of these drops it ("Both the UN",
# "However Keita"). Function words come from words.STOPWORDS; a word the cluster also writes in lower case is
# dropped the same way, so this list only needs the usual openers that may not recur in lower case.
SENTENCE_OPENERS = frozenset(fold(w) for w in word_list("sentence-openers"))
