"""The code says what it does and why, briefly; measurements and history live in docs/ and CHANGELOG.md."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

import storyline

PACKAGE = Path(storyline.__file__).resolve().parent
ROOT = PACKAGE.parent
MAX_MODULE_DOCSTRING_LINES = 25
MAX_COMMENT_BLOCK_LINES = 5
# Words about how the project is run, not about what the code does. The character classes keep this file
# from matching itself.
PROCESS_WORDS = re.compile(r"\bstop [0-9]|\bthe[ ]issue\b|\bissues? [0-9]|\bthe[ ]bars?\b|\bbars? met\b", re.I)


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _texts() -> list[Path]:
    """The repository's own prose and code: the package, tests, benchmarks, docs and the top-level pages."""
    found = [*_modules(), *(ROOT / "tests").glob("*.py"), *(ROOT / "benchmarks").glob("*.py")]
    found += [*(ROOT / "docs").glob("*.md"), *ROOT.glob("*.md")]
    return sorted(path for path in found if path.is_file())


def _comment_blocks(source: str) -> list[tuple[int, int]]:
    """(first line, line count) of every run of lines that hold nothing but a comment."""
    lines = source.splitlines()
    own_line = [
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT and lines[token.start[0] - 1].lstrip().startswith("#")
    ]
    blocks: list[tuple[int, int]] = []
    for line in own_line:
        if blocks and blocks[-1][0] + blocks[-1][1] == line:
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + 1)
        else:
            blocks.append((line, 1))
    return blocks


def test_comment_blocks_are_found_line_by_line() -> None:
    source = "# one\n# two\nx = 1  # trailing\n\n    # three\n"
    assert _comment_blocks(source) == [(1, 2), (5, 1)]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_module_docstring_is_a_paragraph_not_a_report(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if ast.get_docstring(tree) is None:
        return
    first = tree.body[0]
    assert first.end_lineno is not None
    assert first.end_lineno - first.lineno + 1 <= MAX_MODULE_DOCSTRING_LINES


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_comment_block_runs_over_five_lines(path: Path) -> None:
    long_blocks = [
        f"{path.name}:{first} ({count} lines)"
        for first, count in _comment_blocks(path.read_text(encoding="utf-8"))
        if count > MAX_COMMENT_BLOCK_LINES
    ]
    assert long_blocks == []


@pytest.mark.parametrize("path", _texts(), ids=lambda p: str(p.relative_to(ROOT)))
def test_code_tests_and_docs_describe_behaviour_not_the_project_process(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [
        f"{path.name}:{text.count(chr(10), 0, match.start()) + 1}: {match.group()}"
        for match in PROCESS_WORDS.finditer(text)
    ]
    assert found == []
