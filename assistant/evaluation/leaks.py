"""The leak guard: held-out test records must not leak into the code or the prompts.

    isl-assistant eval leaks            # exit 1 and list every leak; CI runs it (.ci/run)

Two checks over every file under ``assistant/`` and ``prompts/``:

1. **phrases**: no run of :data:`PHRASE_WORDS` consecutive words of a test record appears anywhere in a
   file (code, comments, docstrings, markup);
2. **words**: no word that occurs in test records but in no dev record and nowhere in the corpus appears
   in what decides meaning: the regular expressions and string collections (keyword lists, cue tables)
   of Python code, and every value of the YAML prompts (examples, templates). That is where a rule for a
   test sentence would live. Identifiers, comments, docstrings and messages are left to the phrase
   check: Python's ``break`` or a log line's "server" are not copied from a posting.

Text is compared as lower-case word sequences (letters, digits and apostrophes), so punctuation, case and
line breaks do not hide a copy. A record's text is everything a person wrote in it: questions and their
history, posting files, coaching turns, coverage items, hostile request bodies.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

PHRASE_WORDS = 6
MIN_WORD_CHARS = 4  # shorter tokens ("ok", "lvl", "q3") carry no content worth guarding
SCANNED_SUFFIXES = {".py", ".js", ".css", ".html", ".yaml", ".yml", ".json", ".md", ".txt", ".mako"}
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-case words; an apostrophe splits ("driver's" -> "driver", "s"), as it does in a regex \\w run."""
    return _WORD.findall(text.lower())


def shingles(tokens: list[str], n: int = PHRASE_WORDS) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a YAML/JSON value (keys excluded: they are the format, not what people wrote)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


@dataclass
class Records:
    """The texts of the eval records by split, and where each test text came from."""

    test: list[tuple[str, str]] = field(default_factory=list)  # (where, text)
    dev: list[str] = field(default_factory=list)

    def add(self, split: Any, where: str, texts: Iterable[str]) -> None:
        if split == "test":
            self.test.extend((where, t) for t in texts)
        elif split == "dev":
            self.dev.extend(texts)
        else:
            raise ValueError(f"{where}: record without split: dev|test")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def posting_text(path: Path) -> str:
    """A posting as its reader sees it: an HTML file's text without its markup."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix not in {".html", ".htm"}:
        return raw
    parser = _Text()
    parser.feed(raw)
    return "\n".join(parser.parts)


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def collect_records(evals: Path) -> Records:
    """Every record under ``evals/`` by split; a record without a split is an error."""
    recs = Records()
    for path in sorted(evals.rglob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                row = json.loads(line)
                recs.add(row.get("split"), f"{path.relative_to(evals)}:{n}",
                         [row.get("question", ""), *row.get("history", [])])
    for path in sorted(evals.rglob("*.yaml")):
        data = _yaml(path)
        if not isinstance(data, dict) or path.name == "thresholds.yaml" or path.parent.name == "suites":
            continue
        rel = str(path.relative_to(evals))
        if "postings" in data:  # labels*.yaml: the posting files are the records' text
            for row in data["postings"]:
                text = posting_text(path.parent / row["file"])
                recs.add(row.get("split"), f"{rel}:{row['id']}", [text, *row.get("uncovered", [])])
            continue
        for key in ("conversations", "personas", "sets", "requests"):
            for row in data.get(key) or []:
                texts = list(_strings({k: v for k, v in row.items() if k not in ("id", "split", "path", "method")}))
                recs.add(row.get("split"), f"{rel}:{row.get('id')}", texts)
    return recs


def corpus_words(corpus: Path) -> set[str]:
    return {w for p in sorted(corpus.rglob("*")) if p.is_file() and p.suffix in {".md", ".yaml", ".yml"}
            for w in words(p.read_text(encoding="utf-8"))}


def scanned_files(roots: Iterable[Path]) -> list[Path]:
    return [p for root in roots for p in sorted(root.rglob("*"))
            if p.is_file() and p.suffix in SCANNED_SUFFIXES and "__pycache__" not in p.parts]


_REGEX_SIGNS = ("\\b", "(?", "|", "\\s", "\\w")


def _str_values(node: ast.AST) -> list[str]:
    """The string constants directly inside ``node`` (a concatenation or f-string counts as one)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    if isinstance(node, ast.BinOp):
        return _str_values(node.left) + _str_values(node.right)
    return []


_HEADER = re.compile(r"^[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)+$")  # Cache-Control: protocol, not content


def _python_rules(source: str) -> Iterator[str]:
    """What in a module can decide meaning: regular expressions, and collections of strings (keyword
    lists, cue tables: a list, set or tuple with at least two strings, a dict mapping strings to strings).
    Docstrings, messages, type annotations and HTTP header tables are prose or protocol, left to the
    phrase check."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # a docstring or other bare string
        elif isinstance(node, ast.Subscript):  # Literal["evaluator", "admin"]
            skip.update(id(n) for n in ast.walk(node.slice))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and any(
                sign in node.value for sign in _REGEX_SIGNS):
            yield node.value
        elif isinstance(node, ast.List | ast.Set | ast.Tuple):
            values = [v for e in node.elts for v in _str_values(e)]
            if len(values) >= 2:
                yield from values
        elif isinstance(node, ast.Dict):  # a word table maps strings to strings
            pairs = [(k, v) for k, v in zip(node.keys, node.values, strict=True)
                     if k is not None and _str_values(k) and _str_values(v)]
            if pairs and all(_HEADER.match(_str_values(k)[0]) for k, _ in pairs):
                continue
            if len(pairs) >= 2:
                yield from (x for k, v in pairs for x in _str_values(k) + _str_values(v))


def code_names(files: Iterable[Path]) -> set[str]:
    """The words of every identifier in the Python code (``turn_id`` -> turn, id): a string equal to a
    field, column or function name is code talking about itself, not content copied from a record."""
    out: set[str] = set()
    for path in files:
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = (node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute)
                    else node.arg if isinstance(node, ast.arg | ast.keyword) and node.arg
                    else node.name if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
                    else None)
            if name:
                out.update(words(name.replace("_", " ")))
    return out


def rule_text(path: Path, text: str) -> str:
    """The part of a file that could hold a rule or an example: see the module docstring."""
    if path.suffix == ".py":
        return "\n".join(_python_rules(text))
    if path.suffix in {".yaml", ".yml"}:
        return "\n".join(_strings(yaml.safe_load(text)))
    return ""


@dataclass(frozen=True)
class Leak:
    file: str
    kind: str  # "phrase" or "word"
    text: str
    record: str

    def __str__(self) -> str:
        return f"{self.file}: test {self.kind} {self.text!r} (from {self.record})"


def find_leaks(root: Path) -> list[Leak]:
    """Every leak of ``root/evals`` test records into ``root/assistant`` and ``root/prompts``."""
    recs = collect_records(root / "evals")
    allowed = corpus_words(root / "corpus") | {w for t in recs.dev for w in words(t)}
    phrase_from: dict[tuple[str, ...], str] = {}
    word_from: dict[str, str] = {}
    for where, text in recs.test:
        toks = words(text)
        for s in shingles(toks):
            phrase_from.setdefault(s, where)
        for w in toks:
            if len(w) >= MIN_WORD_CHARS and w not in allowed and not w.isdigit():
                word_from.setdefault(w, where)
    files = scanned_files([root / "assistant", root / "prompts"])
    for name in code_names(files):
        word_from.pop(name, None)
    leaks: list[Leak] = []
    for path in files:
        rel = str(path.relative_to(root))
        text = path.read_text(encoding="utf-8", errors="replace")
        for s in sorted(shingles(words(text)) & phrase_from.keys()):
            leaks.append(Leak(rel, "phrase", " ".join(s), phrase_from[s]))
        for w in sorted(set(words(rule_text(path, text))) & word_from.keys()):
            leaks.append(Leak(rel, "word", w, word_from[w]))
    return leaks
