"""Shared builders and fixtures. Every article text here is invented for the tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"

from storyline.types import Article, RawArticle  # after the environment is set

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


@pytest.fixture
def bridge_cluster() -> list[RawArticle]:
    """Four invented reports of one event, every one leading with the bridge collapse."""
    return [
        make_raw(BRIDGE_HARBOUR_POST, origin="harbour-post.txt", source="Harbour Post"),
        make_raw(BRIDGE_VALLEY_COURIER, origin="valley-courier.txt", source="Valley Courier"),
        make_raw(BRIDGE_NORTHWIND, origin="northwind.txt", source="Northwind Gazette"),
        make_raw(BRIDGE_EVENING_STAR, origin="evening-star.txt", source="Evening Star"),
    ]


@pytest.fixture
def mali_dir() -> Path:
    """The real Mali example folder from shared/, or skip when this checkout has none."""
    if not MALI_DIR.is_dir():
        pytest.skip(f"no Mali example folder at {MALI_DIR}")
    return MALI_DIR
