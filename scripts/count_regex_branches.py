#!/usr/bin/env python
"""Count the regex alternation branches written in Python source (default: assistant/).

A measure of how much hand-written regex rule logic the package carries. Regex sources are read with
:mod:`ast`, nothing is imported:

* the pattern argument of ``re.compile/search/match/fullmatch/findall/finditer/sub/split`` (also through
  ``import re as x`` and ``from re import compile``), and of a module's own wrapper functions that pass a
  parameter on as the pattern (``def _p(rx): return re.compile(rx, re.I)`` makes ``_p("a|b")`` a regex);
* module-level string constants used in such a pattern, directly (``re.search(_PAT, s)``), in an f-string
  (``rf"\\b{_ROLE}\\s+"``) or in a concatenation: each counted once where it is written, however many
  patterns use it (in the patterns it is an opaque atom). Other interpolated values are opaque atoms too.

Branches of a pattern: the ``|`` that are neither escaped nor in a character class (nor in a ``(?#...)``
comment or, in verbose mode, a ``#`` comment), plus one per group or whole pattern that has any ``|``; so
``a|b|c`` has 3, ``(x|y)z|w`` has 4 and ``[a|b]`` has 0. The tree of ``re._parser`` cannot be used for the
count (it folds ``a|b|c`` into the class ``[abc]`` and factors common prefixes out of branches), so a character
scan counts; the parser only tells whether the pattern turns verbose mode on inline (``(?x)``).

    .venv/bin/python scripts/count_regex_branches.py            # a table per file and the total
    .venv/bin/python scripts/count_regex_branches.py --json     # the same as JSON
    .venv/bin/python scripts/count_regex_branches.py --detail   # also every pattern with its line
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RE_FUNCTIONS = frozenset({"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "split"})
# position of the flags argument after the pattern: re.sub(pattern, repl, string, count, flags)
FLAGS_AT = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2, "sub": 4,
            "split": 3}
OPAQUE = "X"  # stands for an interpolated value or a constant counted on its own


@dataclass(frozen=True)
class Pattern:
    file: str
    line: int
    source: str  # "call" (a pattern argument) or "constant" (a module-level string used in one)
    name: str | None
    branches: int


def count_branches(pattern: str, *, verbose: bool = False) -> int:
    """Alternation branches of one pattern: unescaped ``|`` outside classes, plus 1 per group that has any."""
    # a fragment need not compile on its own (an unbalanced group): then it is scanned as written
    with contextlib.suppress(re.error, TypeError, ValueError, IndexError):
        verbose = verbose or bool(re._parser.parse(pattern).state.flags & re.VERBOSE)  # type: ignore[attr-defined]
    pipes = [0]  # per open group; [0] is the whole pattern
    total, i, n = 0, 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(pattern, i)
            continue
        if verbose and c == "#":
            end = pattern.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if pattern.startswith("(?#", i):
            end = pattern.find(")", i)
            i = n if end < 0 else end + 1
            continue
        if c == "(":
            pipes.append(0)
        elif c == ")" and len(pipes) > 1:
            k = pipes.pop()
            total += k + 1 if k else 0
        elif c == "|":
            pipes[-1] += 1
        i += 1
    return total + sum(k + 1 for k in pipes if k)  # the whole pattern, and groups left open by a fragment


def _class_end(pattern: str, i: int) -> int:
    """The index after the character class that opens at ``i`` (``]`` first, or after ``^``, is a member)."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


class _Module:
    """The regex sources of one parsed module."""

    def __init__(self, tree: ast.Module, rel: str) -> None:
        self.rel = rel
        self.re_names: set[str] = set()  # names bound to the module re
        self.re_funcs: dict[str, str] = {}  # local name -> re function (from re import compile as c)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                self.re_names |= {a.asname or a.name for a in node.names if a.name == "re"}
            elif isinstance(node, ast.ImportFrom) and node.module == "re" and not node.level:
                self.re_funcs |= {a.asname or a.name: a.name for a in node.names if a.name in RE_FUNCTIONS}
        self.constants: dict[str, ast.expr] = {}
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                self.constants[stmt.targets[0].id] = stmt.value
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
                self.constants[stmt.target.id] = stmt.value
        self.constants = {k: v for k, v in self.constants.items() if self._is_text(v)}
        self.used: dict[str, bool] = {}  # constant -> used in a verbose pattern
        self.patterns: list[Pattern] = []
        self.wrappers = self._wrappers(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                found = self._pattern_arg(node)
                if found is not None:
                    self._add_call(*found)
        seen: set[str] = set()
        while len(seen) < len(self.used):  # constants used by constants, transitively
            for name in [n for n in self.used if n not in seen]:
                seen.add(name)
                text = self._text(self.constants[name], self.used[name])
                self.patterns.append(Pattern(rel, self.constants[name].lineno, "constant", name,
                                             count_branches(text, verbose=self.used[name])))

    def _is_text(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Constant):
            return isinstance(node.value, str | bytes)
        if isinstance(node, ast.JoinedStr):
            return True
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._is_text(node.left) or self._is_text(node.right)
        return False

    def _re_function(self, func: ast.expr) -> str | None:
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in self.re_names:
            return func.attr if func.attr in RE_FUNCTIONS else None
        if isinstance(func, ast.Name):
            return self.re_funcs.get(func.id)
        return None

    def _wrappers(self, tree: ast.Module) -> dict[str, tuple[int, str, bool]]:
        """{function: (parameter index, parameter name, verbose)} for functions passing a parameter as a pattern."""
        out: dict[str, tuple[int, str, bool]] = {}
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
            for node in ast.walk(fn):
                if isinstance(node, ast.Call) and (func := self._re_function(node.func)) is not None:
                    arg, verbose = self._re_call_arg(node, func)
                    if isinstance(arg, ast.Name) and arg.id in params:
                        out[fn.name] = (params.index(arg.id), arg.id, verbose)
        return out

    def _re_call_arg(self, call: ast.Call, func: str) -> tuple[ast.expr | None, bool]:
        arg = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "pattern"), None)
        at = FLAGS_AT[func]
        flags = call.args[at] if len(call.args) > at else next((k.value for k in call.keywords if k.arg == "flags"),
                                                               None)
        verbose = flags is not None and any(
            (isinstance(n, ast.Attribute) and n.attr in {"X", "VERBOSE"}) or (isinstance(n, ast.Name) and
                                                                            n.id == "VERBOSE")
            for n in ast.walk(flags))
        return arg, verbose

    def _pattern_arg(self, call: ast.Call) -> tuple[ast.expr, bool] | None:
        func = self._re_function(call.func)
        if func is not None:
            arg, verbose = self._re_call_arg(call, func)
            return None if arg is None else (arg, verbose)
        if isinstance(call.func, ast.Name) and call.func.id in self.wrappers:
            index, param, verbose = self.wrappers[call.func.id]
            if len(call.args) > index and not isinstance(call.args[index], ast.Starred):
                return call.args[index], verbose
            kw = next((k.value for k in call.keywords if k.arg == param), None)
            return None if kw is None else (kw, verbose)
        return None

    def _add_call(self, arg: ast.expr, verbose: bool) -> None:
        if isinstance(arg, ast.Name) and arg.id not in self.constants:
            return  # a parameter or a local: the call that supplies it is counted (through a wrapper) or unknown
        text = self._text(arg, verbose)
        if isinstance(arg, ast.Name):
            return  # the constant alone: counted once as a constant
        self.patterns.append(Pattern(self.rel, arg.lineno, "call", None, count_branches(text, verbose=verbose)))

    def _text(self, node: ast.expr, verbose: bool) -> str:
        """The pattern as written; module-level text constants are marked used and stand as one atom."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Constant) and isinstance(node.value, bytes):
            return node.value.decode("latin-1")
        if isinstance(node, ast.Name) and node.id in self.constants:
            self.used[node.id] = self.used.get(node.id, False) or verbose
            return OPAQUE
        if isinstance(node, ast.JoinedStr):
            return "".join(self._text(v, verbose) for v in node.values)
        if isinstance(node, ast.FormattedValue) and node.conversion == -1 and node.format_spec is None:
            return self._text(node.value, verbose)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._text(node.left, verbose) + self._text(node.right, verbose)
        return OPAQUE


def patterns_in(path: Path, base: Path) -> list[Pattern]:
    try:
        rel = path.resolve().relative_to(base).as_posix()
    except ValueError:
        rel = path.as_posix()
    return _Module(ast.parse(path.read_text(encoding="utf-8"), filename=rel), rel).patterns


def python_files(paths: list[Path]) -> list[Path]:
    return sorted({f for p in paths for f in ([p] if p.is_file() else p.rglob("*.py"))})


def count(paths: list[Path], base: Path = ROOT) -> dict[str, object]:
    """{"files": {file: {"patterns", "branches"}}, "patterns": n, "total": branches, "detail": [...]}."""
    found = sorted((p for f in python_files(paths) for p in patterns_in(f, base)), key=lambda p: (p.file, p.line))
    files: dict[str, dict[str, int]] = {}
    for p in found:
        row = files.setdefault(p.file, {"patterns": 0, "branches": 0})
        row["patterns"] += 1
        row["branches"] += p.branches
    order = sorted(files, key=lambda f: (-files[f]["branches"], f))
    return {"files": {f: files[f] for f in order}, "patterns": len(found),
            "total": sum(p.branches for p in found), "detail": [asdict(p) for p in found]}


def table(result: dict[str, object], *, detail: bool = False) -> str:
    files = result["files"]
    assert isinstance(files, dict)
    width = max([len("file"), *map(len, files)])
    lines = [f"{'file':<{width}}  patterns  branches", f"{'-' * width}  --------  --------"]
    lines += [f"{f:<{width}}  {row['patterns']:>8}  {row['branches']:>8}" for f, row in files.items()]
    lines.append(f"{'total':<{width}}  {result['patterns']:>8}  {result['total']:>8}")
    if detail:
        rows = result["detail"]
        assert isinstance(rows, list)
        lines += ["", *(f"{r['file']}:{r['line']}  {r['name'] or r['source']}  {r['branches']}" for r in rows)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("paths", nargs="*", type=Path, help="files or folders (default: assistant/)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the table")
    ap.add_argument("--detail", action="store_true", help="also list every pattern (with --json: always listed)")
    args = ap.parse_args(argv)
    paths = args.paths or [ROOT / "assistant"]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    result = count(paths)
    print(json.dumps(result, indent=2) if args.json else table(result, detail=args.detail))
    return 0


if __name__ == "__main__":
    sys.exit(main())
