"""The web app's settings and limits: what one request may ask, and how the server runs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

# A Mali-sized cluster (5 articles) is about 40 kB of JSON; 200 articles of 10,000 characters, 2 MB. 8 MB
# leaves room for long articles without letting one request hold the server's memory.
MAX_BODY_BYTES = 8_000_000
# Briefing 100 Multi-News articles takes about 3 s here (docs/quality.md); 500 takes about 15 s, too long for
# someone waiting on a page. Larger clusters belong to the command line.
MAX_ARTICLES = 200
MAX_WORDS = 2000
# Two cores: two briefings at once keep both busy; more only share them and hold more memory.
BRIEF_SLOTS = 2
# Stories per page of GET /api/stories. A story with its article references is about 1 kB of JSON (more for
# big stories): 50 fill a screen's list many times over, 500 keep a response well under a megabyte.
STORIES_PER_PAGE = 50
MAX_STORIES_PER_PAGE = 500
# Offsets past any store's story count; the bound keeps the number within SQLite's 64-bit integers.
MAX_OFFSET = 10**15
# Seconds a client is told to wait when the store was busy. The request already waited the store's busy
# timeout for the lock, so the other writer is in a long transaction; a few seconds spares the server a storm of
# retries without keeping a person waiting long.
RETRY_AFTER_SECONDS = 5

# A request that writes waits this long for another writer (an ingest batch commits in well under a second)
# before answering 503. The command line waits up to 30 s (store.BUSY_TIMEOUT_MS), but a request waiting holds
# one of the BRIEF_SLOTS: two stuck writers would stall every briefing for that long.
STORE_BUSY_TIMEOUT_MS = 5_000


# Slow clients. A request's line and headers fit in one packet, so 10 s is a dead or hostile client; the body
# (up to MAX_BODY_BYTES) gets 60 s, 130 kB/s at the limit. A connection idle between requests closes after
# KEEP_ALIVE_SECONDS. Past MAX_CONNECTIONS open at once, new ones are closed at once: a browser opens six.
HEADER_TIMEOUT_SECONDS = 10.0
BODY_TIMEOUT_SECONDS = 60.0
KEEP_ALIVE_SECONDS = 5
MAX_CONNECTIONS = 64
# Access tokens: 16 characters of a password generator are about 95 bits; anything shorter is guessable
# from the network. After TOKEN_FAILURES wrong tokens from one address within TOKEN_WINDOW_SECONDS, that
# address gets 429 until the window ends, so guessing runs at a few tries a second, not thousands.
MIN_TOKEN_CHARS = 16
TOKEN_FAILURES = 20
TOKEN_WINDOW_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """How the app runs: the access token (None: no token), the store, the request limits, and how many stories
    a page of GET /api/stories holds when the request does not say (the web page never says)."""

    token: str | None = None
    db: str | Path | None = None  # an SQLite file or a postgresql:// URL; None: $STORYLINE_DB, else the default
    max_body_bytes: int = MAX_BODY_BYTES
    max_articles: int = MAX_ARTICLES
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]", "::1")
    stories_per_page: int = STORIES_PER_PAGE
    busy_timeout_ms: int = STORE_BUSY_TIMEOUT_MS
    body_timeout_seconds: float = BODY_TIMEOUT_SECONDS
    # Parse and brief in worker processes (`serve` does), not threads (in-process tests patch the store).
    worker_processes: bool = False
