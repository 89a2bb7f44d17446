"""A briefing leaves Python's cycle collector as it found it, whether it succeeds or fails."""

from __future__ import annotations

import gc
import threading

import pytest

from storyline.briefing import brief
from storyline.errors import InputError


def test_a_briefing_restores_the_collector_thresholds_it_raised() -> None:
    before = gc.get_threshold()
    seen: list[tuple[int, ...]] = []
    original = gc.set_threshold

    def spy(*thresholds: int) -> None:
        seen.append(thresholds)
        original(*thresholds)

    gc.set_threshold = spy  # type: ignore[assignment]
    try:
        brief("Soldiers seized the president in Kati on Tuesday. The town was quiet.")
    finally:
        gc.set_threshold = original
    assert seen[0][0] > before[0]
    assert gc.get_threshold() == before


def test_a_failed_briefing_restores_the_collector_thresholds() -> None:
    before = gc.get_threshold()
    with pytest.raises(InputError):
        brief([])
    assert gc.get_threshold() == before


def test_briefings_in_threads_restore_the_thresholds_once_the_last_ends() -> None:
    before = gc.get_threshold()
    text = "Soldiers seized the president in Kati on Tuesday. The town was quiet. Troops fired shots."
    threads = [threading.Thread(target=brief, args=(text,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gc.get_threshold() == before
