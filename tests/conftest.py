"""Fixtures shared by the tests; the builders and invented events they use are in helpers.py."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"

from helpers import (
    BRIDGE_EVENING_STAR,
    BRIDGE_HARBOUR_POST,
    BRIDGE_NORTHWIND,
    BRIDGE_VALLEY_COURIER,
    MALI_DIR,
    make_raw,
)

from storyline.types import RawArticle


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


# --- the store on SQLite and on PostgreSQL ---------------------------------------------------------------------

POSTGRES_URL = os.environ.get("STORYLINE_TEST_POSTGRES", "")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty schema on the PostgreSQL server named by $STORYLINE_TEST_POSTGRES (.ci/run starts one)."""
    if not POSTGRES_URL:
        pytest.skip(
            "no PostgreSQL server: set STORYLINE_TEST_POSTGRES to a postgresql:// URL (.ci/postgres starts one)"
        )
    psycopg = pytest.importorskip(
        "psycopg", reason="the PostgreSQL store is an extra: pip install 'storyline[postgres]'"
    )
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store lives: an SQLite file, and again a PostgreSQL schema when a server is configured."""
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return str(request.getfixturevalue("postgres_url"))
