"""storyline: many news reports of one event in, one briefing a reader can trust out.

import storyline
briefing = storyline.brief(storyline.read_articles("examples/harbor-fire"))
briefing.summary[0].evidence[0].span  # where the first sentence comes from, verbatim
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .briefing import DEFAULT_WORDS, brief
from .errors import InputError, MissingDependencyError, StorylineError, UnknownBackendError
from .select import SUMMARIZERS, get_summarizer
from .serialization import briefing_to_dict
from .sources.files import read_articles, read_clusters
from .types import Article, Briefing, DuplicateGroup, Evidence, RawArticle, Removal, Sentence, Span, SummarySentence

if TYPE_CHECKING:
    from .changes import Changes, changes_to_dict, what_changed

__all__ = [
    "DEFAULT_WORDS",
    "SUMMARIZERS",
    "Article",
    "Briefing",
    "Changes",
    "DuplicateGroup",
    "Evidence",
    "InputError",
    "MissingDependencyError",
    "RawArticle",
    "Removal",
    "Sentence",
    "Span",
    "StorylineError",
    "SummarySentence",
    "UnknownBackendError",
    "__version__",
    "brief",
    "briefing_to_dict",
    "changes_to_dict",
    "get_summarizer",
    "read_articles",
    "read_clusters",
    "what_changed",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())

# "What is new" is only wanted with a store; importing it on first use keeps `import storyline` (and so the
# start-up of every CLI command) about 13 ms shorter (python -X importtime, of about 150 ms in all).
_LAZY = {"Changes", "changes_to_dict", "what_changed"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import changes

        return getattr(changes, name)
    raise AttributeError(f"module 'storyline' has no attribute {name!r}")
