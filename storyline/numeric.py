"""Modules that load numpy, imported without the BLAS threads storyline never calls."""

from __future__ import annotations

import importlib
import os
import sys
from types import ModuleType

# OpenBLAS (numpy's BLAS in its wheels) reads this once, when numpy loads it.
_BLAS_THREADS = "OPENBLAS_NUM_THREADS"


def import_quietly(name: str) -> ModuleType:
    """The module `name`, imported with OpenBLAS on one thread when this import is the one that loads numpy and
    the environment does not choose a thread count; the environment is left as it was.

    storyline calls no BLAS routine, and OpenBLAS's extra threads spin on the processor for a while once
    started: a tenth of a 100-article briefing's CPU here (docs/tuning.md)."""
    if "numpy" in sys.modules or _BLAS_THREADS in os.environ:
        return importlib.import_module(name)
    os.environ[_BLAS_THREADS] = "1"
    try:
        return importlib.import_module(name)
    finally:
        del os.environ[_BLAS_THREADS]
