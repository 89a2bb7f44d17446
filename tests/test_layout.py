"""The package's layout: imports flow one way, and the briefing stages never reach up into the parts."""

from __future__ import annotations

import ast
from pathlib import Path

import storyline

PACKAGE = Path(storyline.__file__).resolve().parent
PARTS = ("storyline.stream", "storyline.sources", "storyline.web", "storyline.eval")
SHELLS = ("storyline", "storyline.__main__", "storyline.cli")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The storyline modules `name` imports anywhere in its file, functions included."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                if f"{target}.{alias.name}" in known:
                    found.add(f"{target}.{alias.name}")
                elif target in known:
                    found.add(target)
    found.discard(name)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def test_the_import_graph_has_no_cycle() -> None:
    graph = _graph()
    state: dict[str, int] = {}  # 1 on the path being walked, 2 done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            assert state.get(target) != 1, "import cycle: " + " -> ".join([*path, name, target])
            if target not in state:
                visit(target, [*path, name])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_the_briefing_stages_never_import_the_parts_above_them() -> None:
    graph = _graph()
    stages = [
        name
        for name in graph
        if name not in SHELLS and not any(name == part or name.startswith(part + ".") for part in PARTS)
    ]
    assert "storyline.briefing" in stages
    assert "storyline.render" in stages
    reaching_up = {
        stage: sorted(t for t in graph[stage] if any(t == part or t.startswith(part + ".") for part in PARTS))
        for stage in stages
    }
    assert {stage: targets for stage, targets in reaching_up.items() if targets} == {}


def test_sources_never_import_the_stream_or_web_parts() -> None:
    graph = _graph()
    upward = ("storyline.stream", "storyline.web", "storyline.eval")
    offending = {
        name: sorted(t for t in targets if t.startswith(upward))
        for name, targets in graph.items()
        if name.startswith("storyline.sources")
    }
    assert {name: targets for name, targets in offending.items() if targets} == {}
