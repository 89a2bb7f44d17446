"""The one exception family of storyline.

    StorylineError                 base; the CLI prints its message on one line, no traceback
     +-- InputError                a file, line or field of the input is unusable
     |    +-- StoryNotFoundError   a story id the store does not hold (also a LookupError)
     +-- StoreBusyError            another process holds the store's write lock: try again shortly
     +-- StoreError                the store's file is damaged or not a storyline store
     |    +-- StoreAccessError     the file or its disk refuses: read-only, another user's, full
     +-- UnknownBackendError       a summarizer name that is not registered (lists the known ones)
     +-- MissingDependencyError    an optional extra is not installed (says what to pip install)

Messages say what went wrong, where (file, line, field) and what to do about it.
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base class. The CLI shows its message to the user without a traceback."""


class InputError(StorylineError):
    """The input cannot be used: names the file (and line or field) and what to do."""

    def __init__(self, where: str, problem: str, hint: str = "") -> None:
        self.where = where
        self.problem = problem
        self.hint = hint
        message = f"{where}: {problem}" if where else problem
        if hint:
            message = f"{message} ({hint})"
        super().__init__(message)

    def __reduce__(self) -> tuple[type, tuple[str, str, str]]:  # rebuilt whole when sent between processes
        return (type(self), (self.where, self.problem, self.hint))


class StoryNotFoundError(InputError, LookupError):
    """A story id that the store does not hold."""


class StoreBusyError(StorylineError):
    """The store stayed locked by another writer for the whole busy timeout: a passing condition, not bad input.

    `where` is the store's path, `detail` SQLite's own words ("database is locked")."""

    def __init__(self, where: str, detail: str) -> None:
        self.where = where
        self.detail = detail
        super().__init__(
            f"{where}: the store is busy: another process is writing to it ({detail}); "
            "try again when that write has finished"
        )

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return (type(self), (self.where, self.detail))


class StoreError(StorylineError):
    """The store cannot be used as it is. `where` is its path, `detail` what SQLite or the system said."""

    def __init__(self, where: str, problem: str, hint: str = "", detail: str = "") -> None:
        self.where = where
        self.problem = problem
        self.hint = hint
        self.detail = detail
        super().__init__(f"{where}: {problem}" + (f" ({hint})" if hint else ""))

    def __reduce__(self) -> tuple[type, tuple[str, str, str, str]]:
        return (type(self), (self.where, self.problem, self.hint, self.detail))


class StoreAccessError(StoreError):
    """The store is sound but cannot be used here and now: read-only, owned by another user, or its disk is
    full. Fixing the permission or the disk, not the file, makes it work again."""


class UnknownBackendError(StorylineError, KeyError):
    """A backend name that is not registered."""

    def __str__(self) -> str:  # KeyError would otherwise wrap the message in quotes
        return str(self.args[0]) if self.args else ""


class MissingDependencyError(StorylineError, ImportError):
    """An optional dependency is missing; the message carries the install hint."""
