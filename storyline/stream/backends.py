"""Which store a location names: a postgresql:// URL opens the PostgreSQL store (`postgres.py`, an optional
extra), anything else the SQLite file (`store.py`); with no location, $STORYLINE_DB decides, else the SQLite file
in the user data directory."""

from __future__ import annotations

import os
from pathlib import Path

from .store import Store, default_path


def is_database_url(location: object) -> bool:
    """Whether `location` names a database server (postgresql://...) rather than an SQLite file."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def open_store(location: str | Path | None = None, *, create: bool = True, busy_timeout_ms: int | None = None) -> Store:
    """The store at `location`: a postgresql:// URL (`postgres.py`) or an SQLite file; by default $STORYLINE_DB,
    else the SQLite file in the user data directory."""
    location = location if location is not None else os.environ.get("STORYLINE_DB") or None
    if is_database_url(location):
        assert isinstance(location, str)
        from .postgres import PostgresStore

        return PostgresStore(location, create=create, busy_timeout_ms=busy_timeout_ms)
    return Store.open(location, create=create, busy_timeout_ms=busy_timeout_ms)


def store_exists(location: str | Path | None = None) -> bool:
    """Whether there is a store to read at `location` (see open_store); a database server always counts."""
    location = location if location is not None else os.environ.get("STORYLINE_DB") or None
    if is_database_url(location):
        return True
    return (Path(location).expanduser() if location is not None else default_path()).exists()
