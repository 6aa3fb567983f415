"""The layers hold: no import cycle between the packages of ``assistant/``, FastAPI only at the edge, small modules.

The graph is read from the source with :mod:`ast` (nothing is imported), at package level: the top-level
package under ``assistant/`` a module belongs to (``assistant/api/routes/chat.py`` is ``api``); a module at the
top (``cli.py``, ``runtime.py``) is its own package and ``assistant/__init__.py`` is ``assistant``. Every
import counts, also one inside a function or under ``TYPE_CHECKING``: a layer that knows a higher one by name
is a broken layer even when the import is deferred.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.settings import ROOT

PACKAGE = ROOT / "assistant"
MAX_LINES = 500
# Modules over MAX_LINES today (path relative to the repository): while any is listed, the size test is an
# expected failure, and strict, so it fails (and this list must be emptied) once they are split.
OVER_LIMIT: tuple[str, ...] = ()
# Who may know the web framework and the app: the API itself and the command line that serves it.
WEB_MODULES = ("fastapi", "starlette", "assistant.api")


def _allowed_web(rel: str) -> bool:
    return rel.startswith("assistant/api/") or rel == "assistant/cli.py"


@dataclass(frozen=True)
class Import:
    file: str  # relative to the repository, e.g. "assistant/api/app.py"
    line: int
    module: str  # absolute dotted name, e.g. "assistant.api.app" or "fastapi.testclient"


def _module_name(path: Path) -> tuple[str, bool]:
    """(dotted name, is a package ``__init__``) of a file under ROOT."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _is_submodule(dotted: str) -> bool:
    rel = Path(*dotted.split("."))
    return (ROOT / rel).is_dir() or (ROOT / rel).with_suffix(".py").is_file()


def imports_of(path: Path) -> list[Import]:
    """Every import in one file, relative ones made absolute; ``from a import b`` names ``a.b`` when b is a module."""
    rel = path.relative_to(ROOT).as_posix()
    name, is_pkg = _module_name(path)
    out: list[Import] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=rel)):
        if isinstance(node, ast.Import):
            out += [Import(rel, node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_pkg else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            subs = [f"{module}.{a.name}" for a in node.names if _is_submodule(f"{module}.{a.name}")]
            out += [Import(rel, node.lineno, m) for m in subs] if subs else [Import(rel, node.lineno, module)]
    return out


def package_of(dotted: str) -> str | None:
    """The top-level package under assistant/ of a dotted name (``assistant`` for the root), None if outside."""
    parts = dotted.split(".")
    if parts[0] != "assistant":
        return None
    return parts[1] if len(parts) > 1 else "assistant"


def all_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def all_imports() -> list[Import]:
    return [imp for path in all_modules() for imp in imports_of(path)]


def package_graph(imports: list[Import]) -> dict[str, dict[str, list[Import]]]:
    """{package: {imported package: the imports that make the edge}}, without self-edges."""
    graph: dict[str, dict[str, list[Import]]] = defaultdict(lambda: defaultdict(list))
    for imp in imports:
        src = package_of(_module_name(ROOT / imp.file)[0])
        dst = package_of(imp.module)
        if src is not None and dst is not None and dst != src:
            graph[src][dst].append(imp)
    return graph


def find_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(set(edges) | {w for ws in edges.values() for w in ws}):
        if v not in index:
            visit(v)
    return cycles


def test_the_graph_sees_the_known_edges() -> None:
    graph = package_graph(all_imports())
    assert len(all_modules()) > 50
    assert "evaluation" in graph["api"]  # routes/audit.py uses evaluation.replay
    assert "api" in graph["cli"] and "evaluation" in graph["cli"]
    assert "framework" in graph["retrieval"]


def test_find_cycles_reports_a_cycle() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_packages() -> None:
    graph = package_graph(all_imports())
    cycles = find_cycles({src: set(dsts) for src, dsts in graph.items()})
    detail = [
        f"{' <-> '.join(c)}: "
        + "; ".join(f"{i.file}:{i.line} imports {i.module}" for a in c for b in c if b in graph[a] for i in graph[a][b])
        for c in cycles
    ]
    assert not cycles, "import cycles between packages of assistant/:\n" + "\n".join(detail)


def test_fastapi_and_the_app_are_imported_only_by_the_api_and_the_cli() -> None:
    offenders = [
        f"{i.file}:{i.line} imports {i.module}"
        for i in all_imports()
        if not _allowed_web(i.file) and any(i.module == m or i.module.startswith(m + ".") for m in WEB_MODULES)
    ]
    assert not offenders, ("only assistant/api/** and assistant/cli.py may import fastapi, starlette or "
                           "assistant.api; pass what you need in instead:\n" + "\n".join(offenders))


@pytest.mark.xfail(bool(OVER_LIMIT), strict=True,
                   reason=f"modules over {MAX_LINES} lines, to be split: {', '.join(OVER_LIMIT)}")
def test_no_module_is_over_the_line_limit() -> None:
    sizes = {p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in all_modules()}
    over = {f: n for f, n in sizes.items() if n > MAX_LINES}
    assert not over, f"modules over {MAX_LINES} lines (split by concept): {over}"
