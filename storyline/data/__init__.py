"""Word lists shipped as package data: one entry a line in `storyline/data/<name>.txt`, read once and cached.

Blank lines and lines starting with "#" are skipped; entries keep their file order and their case.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

# The files sit beside this module: importlib.resources would find them too, adding about 5 ms to start-up.
_HERE = Path(__file__).parent


@cache
def word_list(name: str) -> tuple[str, ...]:
    """The entries of `storyline/data/<name>.txt`, in file order."""
    text = (_HERE / f"{name}.txt").read_text(encoding="utf-8")
    return tuple(entry for line in text.splitlines() if (entry := line.strip()) and not entry.startswith("#"))


def word_pairs(name: str) -> dict[str, str]:
    """The `key = value` entries of `storyline/data/<name>.txt` as a dict, in file order."""
    return dict(_pair(entry, name) for entry in word_list(name))


def _pair(entry: str, name: str) -> tuple[str, str]:
    key, separator, value = entry.partition(" = ")
    if not separator:
        raise ValueError(f"storyline/data/{name}.txt: {entry!r} is not 'key = value'")
    return key.strip(), value.strip()
