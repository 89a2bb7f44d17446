"""Modules that load numpy are imported without the BLAS threads storyline never calls."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

_NUMPY_THREADS = """
import os, sys
from storyline.numeric import import_quietly
before = dict(os.environ)
import_quietly("numpy")
threads = [line for line in open("/proc/self/status") if line.startswith("Threads:")][0].split()[1]
print(threads, dict(os.environ) == before)
"""


def _threads_after_numpy(**environment: str) -> tuple[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.endswith("_NUM_THREADS")}
    done = subprocess.run(
        [sys.executable, "-c", _NUMPY_THREADS], env={**env, **environment}, capture_output=True, text=True, check=True
    )
    threads, unchanged = done.stdout.split()
    return threads, unchanged


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="counts threads in /proc (Linux)")
def test_numpy_is_loaded_without_spinning_blas_threads_and_the_environment_is_left_as_it_was() -> None:
    assert _threads_after_numpy() == ("1", "True")
    # A thread count the user chose is kept.
    assert _threads_after_numpy(OPENBLAS_NUM_THREADS="2")[1] == "True"
