"""Builders and invented events the tests share. Every article text here is invented for the tests."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from hypothesis import strategies as st

from storyline.types import (
    Actor,
    Article,
    Briefing,
    Claim,
    DateMention,
    DuplicateGroup,
    Evidence,
    Mention,
    OutletExclusive,
    Quantity,
    Quote,
    QuoteGroup,
    RawArticle,
    Role,
    Span,
    SummarySentence,
    TimelineEvent,
    ValueComparison,
)

T = TypeVar("T")

MALI_DIR = Path(__file__).resolve().parents[2] / "shared" / "examples" / "mali-2020"


def make_raw(text: str, origin: str = "a.txt", **fields: str) -> RawArticle:
    """A RawArticle with `text`; `fields` sets title, source, url or published."""
    return RawArticle(text=text, origin=origin, **fields)


def make_article(text: str, article_id: str = "a1", **fields: str) -> Article:
    """An already-clean Article, for the stages after cleaning."""
    return Article(id=article_id, text=text, origin=f"{article_id}.txt", **fields)


def write(directory: Path, name: str, content: str | bytes) -> Path:
    """Write `content` to directory/name (creating parents) and return the path."""
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def story(headline: str, *paragraphs: str) -> str:
    """An article text as a news page gives it: headline, then paragraphs separated by blank lines."""
    return "\n\n".join([headline, *paragraphs]) + "\n"


# An invented event reported by four outlets, each leading with the main event: the Kessel Bridge collapse.
BRIDGE_HARBOUR_POST = story(
    "Kessel Bridge collapses into the Arn in Dunmore",
    (
        "The Kessel Bridge in the city of Dunmore collapsed into the river Arn on Thursday evening, sending two "
        "lorries and a bus into the water."
    ),
    (
        "Rescue teams pulled 14 people from the river, and three of them were taken to hospital with serious "
        "injuries, the fire service said."
    ),
    (
        "Mayor Ilse Brandt said the bridge had been closed to heavy traffic since March after engineers found "
        "cracks in two of its piers."
    ),
    (
        "Divers were still searching the river on Friday morning for a lorry driver who has not been seen since "
        "the collapse."
    ),
    (
        "Traffic between the northern and southern halves of Dunmore was diverted over the Weir Road crossing, "
        "causing long queues."
    ),
)

BRIDGE_VALLEY_COURIER = story(
    "Bus and lorries plunge into river as Dunmore bridge falls",
    (
        "The Kessel Bridge collapsed into the river Arn in Dunmore on Thursday evening, throwing two lorries and "
        "a bus into the water."
    ),
    (
        "Fourteen people were rescued from the river by the fire service, and three of them were in hospital with"
        " serious injuries."
    ),
    (
        "Engineers had found cracks in two piers in March and the bridge had since been closed to heavy traffic, "
        "Mayor Ilse Brandt said."
    ),
    "Local shop owner Piet Ander said he heard a noise like thunder just before the middle span fell.",
)

BRIDGE_NORTHWIND = story(
    "Dunmore bridge collapse: driver missing",
    (
        "A road bridge in Dunmore collapsed into the river Arn on Thursday, plunging a bus and two lorries into "
        "the water."
    ),
    (
        "The fire service said rescue teams pulled 14 people from the river and that three were taken to hospital"
        " with serious injuries."
    ),
    "A lorry driver was still missing on Friday as divers searched the river below the collapsed bridge.",
    (
        "The regional government said it would inspect all 40 bridges built to the same design before the end of "
        "the month."
    ),
)

BRIDGE_EVENING_STAR = story(
    "Dunmore bridge gives way under evening traffic",
    (
        "The Kessel Bridge over the river Arn in Dunmore collapsed on Thursday evening as a bus and two lorries "
        "were crossing it."
    ),
    ("Mayor Ilse Brandt told reporters the bridge had been closed to heavy traffic since cracks were found in March."),
    (
        "Schools on the southern bank of Dunmore will stay closed on Friday because buses cannot reach them, the "
        "council said."
    ),
)

UNRELATED_CHEESE = story(
    "Cheese festival returns to Oldwick",
    (
        "The annual cheese festival returned to the market square of Oldwick on Saturday after a two-year break, "
        "drawing about 6,000 visitors."
    ),
    ("Forty farms from the hills around Oldwick sold hard cheeses, goat cheeses and smoked butter from wooden stalls."),
    "A brass band played on the town hall steps while children raced wheels of cheese down Mill Lane.",
    "Organisers said next year's festival would add a second day and a tasting tent for local cider.",
)


# --- A hand-built Briefing with every section after the summary filled (for serialization and rendering) ------
# An invented bridge collapse in Dunmore. Article 4 reprints article 2 word for word (one wire story), so it
# counts once. The rescue count conflicts (14, at least 12, about 20), Northwind gives Wednesday for the
# collapse where the others give Thursday, and two events are background.


def span_in(article: Article, text: str, occurrence: int = 1) -> Span:
    """The span of the `occurrence`-th appearance of `text` in `article.text`."""
    start = -1
    for _ in range(occurrence):
        start = article.text.index(text, start + 1)
    return Span(article.id, start, start + len(text))


def invented_briefing(
    mayor: str = "Ilse Brandt", words: str = "We have never seen anything like it", outlet: str = "Harbour Post"
) -> Briefing:
    """Every new Briefing section populated; `mayor`, `words` (a quotation) and `outlet` can be made hostile."""
    surname = mayor.split()[-1]
    post = make_article(
        story(
            "Kessel Bridge collapses into the Arn",
            "The Kessel Bridge in Dunmore collapsed into the river Arn on Thursday evening, sending two lorries and a "
            "bus into the water.",
            "Rescue teams pulled 14 people from the river, the fire service said.",
            f"“{words},” said Mayor {mayor}.",
            f"Mayor {surname} said the bridge had been closed to heavy traffic since March.",
            "The bridge was built in 1962.",
        ),
        "a1",
        source=outlet,
        published="2024-03-08",
    )
    courier_text = story(
        "Bus and lorries plunge into river",
        "The Kessel Bridge collapsed into the river Arn in Dunmore on Thursday evening, throwing two lorries and a bus "
        "into the water.",
        "At least 12 people were rescued from the river by the fire service.",
        f"“{words},” {mayor}, the mayor of Dunmore, told reporters.",
        "“The middle span just dropped,” said Piet Ander, a local shop owner.",
    )
    courier = make_article(courier_text, "a2", source="Valley Courier", published="2024-03-08")
    gazette = make_article(
        story(
            "Dunmore bridge collapse: driver missing",
            "A road bridge in Dunmore collapsed into the river Arn on Wednesday, plunging a bus and two lorries into "
            "the water.",
            "The fire service said rescue teams pulled about 20 people from the river.",
            f"“Nobody has seen anything like this,” Mayor {surname} said.",
            "“The middle span just dropped,” a witness told the Gazette.",
            "The bridge had been closed to heavy traffic since March, the mayor said.",
            "The regional government said it would inspect all 40 bridges of the same design.",
        ),
        "a3",
        source="Northwind Gazette",
        published="2024-03-08",
    )
    reprint = make_article(courier_text, "a4", source="Valley Courier", published="2024-03-08")
    articles = (post, courier, gazette, reprint)
    collapse_text = post.text.splitlines()[2]

    def evidence(article: Article, text: str, score: float = 1.0) -> Evidence:
        return Evidence(span_in(article, text), score)

    def people(article: Article, text: str, low: float, high: float, value: float) -> Quantity:
        return Quantity(span_in(article, text), text, value, low, high, "", "count", "peopl", "about" in text)

    def weekday(article: Article, text: str, date: str) -> DateMention:
        return DateMention(span_in(article, text), text, date, True, "2024-03-08")

    collapse = [
        evidence(post, post.text.splitlines()[2]),
        evidence(courier, courier.text.splitlines()[2], 0.72),
        evidence(gazette, gazette.text.splitlines()[2], 0.55),
        evidence(reprint, reprint.text.splitlines()[2], 0.72),
    ]
    rescue = Claim(
        text="Rescue teams pulled 14 people from the river, the fire service said.",
        evidence=(
            evidence(post, "Rescue teams pulled 14 people from the river, the fire service said."),
            evidence(courier, "At least 12 people were rescued from the river by the fire service.", 0.5),
            evidence(gazette, "The fire service said rescue teams pulled about 20 people from the river.", 0.8),
        ),
        status="conflicting",
        comparisons=(
            ValueComparison(
                "count",
                (
                    people(post, "14 people", 14, 14, 14),
                    people(courier, "At least 12 people", 12, math.inf, 12),
                    people(gazette, "about 20 people", 18, 22, 20),
                ),
                False,
                "14 people and about 20 people (18 to 22) cannot both be right",
            ),
        ),
        importance=0.9,
    )
    collapsed = Claim(
        text=collapse_text,
        evidence=tuple(collapse),
        status="all",
        comparisons=(
            ValueComparison(
                "count",
                (
                    Quantity(span_in(post, "two lorries"), "two lorries", 2, 2, 2, "", "count", "lorri", False),
                    Quantity(span_in(gazette, "two lorries"), "two lorries", 2, 2, 2, "", "count", "lorri", False),
                ),
                True,
                "every report gives two lorries",
            ),
        ),
        importance=1.0,
    )
    closed = Claim(
        text=f"Mayor {surname} said the bridge had been closed to heavy traffic since March.",
        evidence=(
            evidence(post, f"Mayor {surname} said the bridge had been closed to heavy traffic since March."),
            evidence(gazette, "The bridge had been closed to heavy traffic since March, the mayor said.", 0.7),
        ),
        status="several",
        importance=0.6,
    )
    exclusives = (
        OutletExclusive(
            outlet,
            ("a1",),
            (
                Claim(
                    "The bridge was built in 1962.",
                    (evidence(post, "The bridge was built in 1962."),),
                    "one",
                    importance=0.3,
                ),
            ),
        ),
        OutletExclusive(
            "Valley Courier",
            ("a2", "a4"),
            (
                Claim(
                    "“The middle span just dropped,” said Piet Ander, a local shop owner.",
                    (
                        evidence(courier, "“The middle span just dropped,” said Piet Ander, a local shop owner."),
                        evidence(reprint, "“The middle span just dropped,” said Piet Ander, a local shop owner."),
                    ),
                    "one",
                    importance=0.4,
                ),
            ),
        ),
        OutletExclusive(
            "Northwind Gazette",
            ("a3",),
            (
                Claim(
                    "The regional government said it would inspect all 40 bridges of the same design.",
                    (
                        evidence(
                            gazette, "The regional government said it would inspect all 40 bridges of the same design."
                        ),
                    ),
                    "one",
                    importance=0.5,
                ),
            ),
        ),
    )
    timeline = (
        TimelineEvent(
            date="2024-03-07",
            text=collapse_text,
            evidence=tuple(collapse),
            dates=(
                weekday(post, "Thursday", "2024-03-07"),
                weekday(courier, "Thursday", "2024-03-07"),
                weekday(gazette, "Wednesday", "2024-03-06"),
                weekday(reprint, "Thursday", "2024-03-07"),
            ),
            background=False,
            disputed=True,
        ),
        TimelineEvent(
            date="1962",
            text="The bridge was built in 1962.",
            evidence=(evidence(post, "The bridge was built in 1962."),),
            dates=(DateMention(span_in(post, "1962"), "1962", "1962", False, ""),),
            background=True,
            disputed=False,
        ),
        TimelineEvent(
            date="2024-03",
            text=f"Mayor {surname} said the bridge had been closed to heavy traffic since March.",
            evidence=closed.evidence,
            dates=(
                DateMention(span_in(post, "March"), "March", "2024-03", True, "2024-03-08"),
                DateMention(span_in(gazette, "March"), "March", "2024-03", True, "2024-03-08"),
            ),
            background=True,
            disputed=False,
        ),
    )

    def mentions(name: str, *in_articles: Article) -> tuple[Mention, ...]:
        return tuple(
            Mention(span_in(article, name, n), name)
            for article in in_articles
            for n in range(1, article.text.count(name) + 1)
        )

    actors = (
        Actor(
            name=mayor,
            kind="person",
            aliases=(f"Mayor {surname}",),
            roles=(
                Role("Mayor", span_in(post, "Mayor")),
                Role("mayor", span_in(courier, "mayor")),
                Role("mayor", span_in(reprint, "mayor")),
            ),
            mentions=mentions(surname, post, courier, gazette, reprint),
        ),
        Actor(
            "Piet Ander",
            "person",
            (),
            (Role("local shop owner", span_in(courier, "local shop owner")),),
            mentions("Piet Ander", courier, reprint),
        ),
        Actor("fire service", "organization", (), (), mentions("fire service", post, courier, gazette, reprint)),
        Actor("Dunmore", "place", (), (), mentions("Dunmore", *articles)),
        Actor("Arn", "place", ("river Arn",), (), mentions("Arn", *articles)),
    )

    def quote(article: Article, text: str, speaker: str, actor: str, *, direct: bool = True) -> Quote:
        speaker_span = span_in(article, speaker) if speaker in article.text else None
        return Quote(text, span_in(article, text), speaker, speaker_span, actor, direct)

    quotes = (
        QuoteGroup(
            (
                quote(post, words, f"Mayor {mayor}", mayor),
                quote(courier, words, mayor, mayor),
                quote(gazette, "Nobody has seen anything like this", f"Mayor {surname}", mayor),
                quote(reprint, words, mayor, mayor),
            ),
            "variant",
        ),
        QuoteGroup(
            (
                quote(courier, "The middle span just dropped", "Piet Ander", "Piet Ander"),
                quote(gazette, "The middle span just dropped", "a witness", ""),
                quote(reprint, "The middle span just dropped", "Piet Ander", "Piet Ander"),
            ),
            "identical",
        ),
    )
    reported_speech = (
        quote(post, "the bridge had been closed to heavy traffic since March", f"Mayor {surname}", mayor, direct=False),
        quote(
            gazette, "it would inspect all 40 bridges of the same design", "The regional government", "", direct=False
        ),
    )
    summary = (SummarySentence(collapse_text, tuple(collapse)),)
    return Briefing(
        articles=articles,
        summary=summary,
        duplicates=(DuplicateGroup(("a2", "a4"), 1.0),),
        method="hand-built.v1",
        words=230,
        claims=(rescue, collapsed, closed),
        exclusives=exclusives,
        timeline=timeline,
        actors=actors,
        quotes=quotes,
        reported_speech=reported_speech,
    )


# Characters that break naive renderers: markup, Markdown syntax, quotes, entities, newlines, non-ASCII.
_HOSTILE_ALPHABET = "ab Z.,;:\n<>&\"'*_[]#|`~-“”«»é\u00a0"
_WORDS = st.text(_HOSTILE_ALPHABET, max_size=30)


@st.composite
def generated_briefings(draw: st.DrawFn) -> Briefing:
    """Briefings of random texts with random valid spans in every section; odd statuses and kinds included."""
    texts = draw(st.lists(st.text(_HOSTILE_ALPHABET, min_size=1, max_size=60), min_size=1, max_size=4))
    sources = st.sampled_from(["", "Post", "<b>Wire</b>", "Post *x*"])
    articles = tuple(make_article(text, f"a{i}", source=draw(sources)) for i, text in enumerate(texts))
    ids = [article.id for article in articles]

    def span(article_id: str = "") -> Span:
        article = articles[ids.index(article_id)] if article_id else draw(st.sampled_from(articles))
        start = draw(st.integers(0, len(article.text)))
        return Span(article.id, start, draw(st.integers(start, len(article.text))))

    def slice_of(where: Span) -> str:
        return articles[ids.index(where.article_id)].text[where.start : where.end]

    def some(make: Callable[[], T], most: int = 3) -> tuple[T, ...]:
        return tuple(make() for _ in range(draw(st.integers(0, most))))

    def evidence() -> tuple[Evidence, ...]:
        return (Evidence(span(), 1.0), *some(lambda: Evidence(span(), draw(st.floats(0, 1))), 2))

    def date() -> DateMention:
        where = span()
        return DateMention(where, slice_of(where), draw(st.sampled_from(["2024", "2024-03", "2024-03-07"])), True, "")

    def value() -> Quantity | DateMention:
        if draw(st.booleans()):
            return date()
        where, high = span(), draw(st.sampled_from([1.0, 2.5, math.inf]))
        return Quantity(where, slice_of(where), 1.0, 0.0, high, "m", "length", "", draw(st.booleans()))

    def comparison() -> ValueComparison:
        return ValueComparison("length", some(value), draw(st.booleans()), draw(_WORDS))

    def claim() -> Claim:
        status = draw(st.sampled_from(["all", "several", "one", "conflicting", "unheard-of"]))
        return Claim(draw(_WORDS), evidence(), status, some(comparison, 2), draw(st.floats(0, 1)))

    def exclusive() -> OutletExclusive:
        return OutletExclusive(draw(_WORDS), tuple(draw(st.sets(st.sampled_from(ids), min_size=1))), some(claim, 7))

    def event() -> TimelineEvent:
        return TimelineEvent(
            draw(_WORDS), draw(_WORDS), evidence(), some(date), draw(st.booleans()), draw(st.booleans())
        )

    def actor() -> Actor:
        kind = draw(st.sampled_from(["person", "organization", "place", "event", ""]))
        roles = some(lambda: Role(draw(_WORDS), span()))
        return Actor(draw(_WORDS), kind, some(lambda: draw(_WORDS)), roles, some(lambda: Mention(span(), ""), 4))

    def quote(direct: bool) -> Quote:
        where = span()
        speaker = span(where.article_id) if draw(st.booleans()) else None  # the speaker is named near the words
        return Quote(slice_of(where), where, draw(_WORDS), speaker, draw(_WORDS), direct)

    def quote_group() -> QuoteGroup:
        return QuoteGroup(some(lambda: quote(True)), draw(st.sampled_from(["identical", "variant", "single"])))

    return Briefing(
        articles=articles,
        summary=some(lambda: SummarySentence(draw(_WORDS), evidence())),
        duplicates=(DuplicateGroup(tuple(ids[:2]), 0.9),) if len(ids) > 1 and draw(st.booleans()) else (),
        method="generated.v1",
        words=draw(st.integers(1, 300)),
        claims=some(claim),
        exclusives=some(exclusive),
        timeline=some(event),
        actors=some(actor, 12),
        quotes=some(quote_group),
        reported_speech=some(lambda: quote(False)),
    )
