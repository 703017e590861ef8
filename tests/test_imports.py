"""The import graph of src/newsdesk: no cycle.

Every module is read with :mod:`ast` (nothing is imported) and its imports of newsdesk modules
sorted in two kinds: those that run when the module is imported (at its top, in a class body,
under a top-level ``if`` or ``try``) and those inside a function (run when it is called).
Imports under ``if TYPE_CHECKING:`` never run and are left out. Importing ``newsdesk.a.b``
runs ``newsdesk/a/__init__.py`` first, so it counts as an import of ``newsdesk.a`` too (but
for modules inside ``newsdesk.a``, which its ``__init__`` may import as a package does).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

SRC = ROOT / "src"
TOP, FUNCTION = "top", "function"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SRC / "newsdesk").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported_names(node: ast.Import | ast.ImportFrom, module: str, package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:  # relative: from the module's package, one level up per dot after the first
        parts = module.split(".") if package else module.split(".")[:-1]
        parts = parts[: len(parts) - node.level + 1]
        base = ".".join([*parts, base] if base else parts)
    # "from newsdesk import registry" imports the module newsdesk.registry.
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]


def _is_type_checking(test: ast.expr) -> bool:
    return "TYPE_CHECKING" in ast.unparse(test)


def _imports(module: str, path: Path) -> Iterator[tuple[str, str]]:
    """``(kind, imported module)`` for every newsdesk import of a module."""
    package = path.name == "__init__.py"

    def walk(node: ast.AST, kind: str) -> Iterator[tuple[str, str]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for statement in child.orelse:
                    yield from walk_one(statement, kind)
                continue
            yield from walk_one(child, kind)

    def walk_one(node: ast.AST, kind: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for name in _imported_names(node, module, package):
                if name == "newsdesk" or name.startswith("newsdesk."):
                    yield kind, name
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            kind = FUNCTION
        yield from walk(node, kind)

    yield from walk(ast.parse(path.read_text(encoding="utf-8")), TOP)


def _graph(kinds: set[str]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for kind, name in _imports(module, path):
            if kind not in kinds:
                continue
            parts = name.split(".")
            while parts and ".".join(parts) not in MODULES:
                parts.pop()  # "newsdesk.x.attribute" is the module newsdesk.x
            target = ".".join(parts)
            # The packages it runs on the way, but the importer's own (and newsdesk's, whose
            # names are imported lazily).
            packages = [".".join(parts[:n]) for n in range(2, len(parts))]
            for name in [target, *packages]:
                if name != module and not module.startswith(name + "."):
                    graph[module].add(name)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_imports_it_should() -> None:
    top = _graph({TOP})
    everything = _graph({TOP, FUNCTION})
    assert "newsdesk.types" in top["newsdesk.pipeline"]
    assert "newsdesk.compare" not in top["newsdesk.pipeline"]  # inside summarize_story
    assert "newsdesk.compare" in everything["newsdesk.pipeline"]
    # Importing a module of a package runs the package: newsdesk.compare.facts, from focus.
    assert "newsdesk.compare" in everything["newsdesk.focus"]
    assert "newsdesk.select.base" not in top["newsdesk.registry"]  # only for type checking
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("kinds", [{TOP}, {TOP, FUNCTION}], ids=["top-level", "with-functions"])
def test_no_import_cycle(kinds: set[str]) -> None:
    assert _cycles(_graph(kinds)) == []
