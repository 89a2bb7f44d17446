"""A briefing leaves Python's cycle collector as it found it, whether it succeeds or fails."""

from __future__ import annotations

import gc
import threading
import weakref

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


def test_objects_a_program_froze_stay_frozen_through_a_briefing() -> None:
    kept = {"frozen": ["by the program"]}
    gc.freeze()
    try:
        brief("Soldiers seized the president in Kati on Tuesday. The town was quiet.")
        assert not any(item is kept for generation in range(3) for item in gc.get_objects(generation))
    finally:
        gc.unfreeze()
    assert any(item is kept for item in gc.get_objects(2))


def test_cyclic_garbage_left_before_a_briefing_is_still_collected_after_it() -> None:
    class Node:
        partner: object = None

    collected = threading.Event()
    first, second = Node(), Node()
    first.partner, second.partner = second, first
    weakref.finalize(first, collected.set)
    del first, second
    brief("Soldiers seized the president in Kati on Tuesday. The town was quiet.")
    gc.collect()
    assert collected.is_set()


def test_a_briefing_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        brief("Soldiers seized the president in Kati on Tuesday. The town was quiet.")
        assert not gc.isenabled()
    finally:
        gc.enable()
