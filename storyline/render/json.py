"""JSON for programs: the wire form of storyline.serialization (schema storyline.briefing/1), indented."""

from __future__ import annotations

import json

from ..serialization import briefing_to_dict
from ..types import Briefing


def render_json(briefing: Briefing) -> str:
    """The briefing as indented JSON; non-ASCII text is kept as is, not escaped."""
    return json.dumps(briefing_to_dict(briefing), ensure_ascii=False, indent=2)
