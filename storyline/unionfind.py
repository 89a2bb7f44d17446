"""Union-find over a parent table: the groups that items linked pair by pair form (copies, claims, quotes)."""

from __future__ import annotations

from typing import Protocol, TypeVar

K = TypeVar("K")


class Parents(Protocol[K]):
    """A table from each item to its parent: a list over indices, or a dict over keys."""

    def __getitem__(self, key: K, /) -> K: ...

    def __setitem__(self, key: K, value: K, /) -> None: ...


def find_root(parent: Parents[K], key: K) -> K:
    """The root of `key`'s group; halves the path on the way, so later lookups are short."""
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key
