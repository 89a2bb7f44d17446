"""Fixtures shared by the tests; the builders and invented events they use are in helpers.py."""

from __future__ import annotations

import os
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
