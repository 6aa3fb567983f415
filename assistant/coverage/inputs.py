"""Items for a coverage analysis, the way people have them: CSV, Markdown or plain text, and their limits.

    CSV         a header row with ``text`` and optionally ``id`` and ``title`` (any order, any case)
    Markdown    a heading per item (any level); the heading is the title, what follows it the text; a single
                top heading over the others is the set's title
    plain text  a blank line between items; or, with no blank lines, one item per list line
                ("1. ...", "- ...") - the first line of a block is its title when the block has several

``parse(text, fmt="auto")`` picks the format from the content when it is not given
(``SUFFIX_FORMAT`` maps a file's suffix to its format). ``check(items, limits)`` raises the errors the API and the
CLI show: no items or an empty item (422), too many or too long (413).

    >>> [i.title for i in parse("# Budgets\\nPlan a budget.\\n\\n# Lunch\\nIn the atrium.")]
    ['Budgets', 'Lunch']
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from markdown_it import MarkdownIt

from assistant.coverage.analysis import Item
from assistant.errors import EmptyInputError, InputError, InputTooLargeError

Format = Literal["auto", "csv", "markdown", "text"]
SUFFIX_FORMAT: dict[str, Format] = {".csv": "csv", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}
# structure only: a list marker at the start of a line ("1.", "2)", "-", "*", "•")
LIST_MARKER = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*\u2022])\s+")
TITLE_MAX_WORDS = 14  # a first line longer than this is text, not a title
# structure only: "Name: what it is" or "Name - what it is" on one line (a name of up to LABEL_MAX_WORDS words)
_LABELLED = re.compile(r"^(?P<label>[^:\n]+?)(?::|\s[-\u2013\u2014]\s)\s*(?P<rest>\S.*)$")
LABEL_MAX_WORDS = 6


@dataclass(frozen=True)
class Limits:
    max_items: int = 200
    max_item_chars: int = 8_000


def check(items: Sequence[Item], limits: Limits) -> None:
    """Raise a clear error for a set the analysis cannot take; return quietly when it can."""
    if not items:
        raise EmptyInputError("There are no items to analyse.",
                              hint="Send at least one item with an id and its text (a course, session or role).")
    if len(items) > limits.max_items:
        raise InputTooLargeError(f"The set has {len(items)} items; the limit is {limits.max_items}.",
                                 hint="Split it into several analyses.")
    seen: set[str] = set()
    for item in items:
        if not item.text.strip() and not item.title.strip():  # a descriptive title alone can be read
            raise EmptyInputError(f"Item {item.id!r} has no title or text.",
                                  hint="Give each item its description, outcomes or abstract, or leave it out.")
        if len(item.text) > limits.max_item_chars:
            raise InputTooLargeError(
                f"Item {item.id!r} has {len(item.text):,} characters; the limit is {limits.max_item_chars:,}.",
                hint="Shorten it to its description or outcomes.")
        if item.id in seen:
            raise InputError(f"Two items have the id {item.id!r}.", hint="Give every item its own id.")
        seen.add(item.id)


def title_and_text(block: str) -> tuple[str, str]:
    """A block's first line is its title when it is short; the text is the rest (or the line itself). A block
    of one line that names the item before a colon or a spaced dash ("Gift shop lead: orders stock, runs the
    till") gives the name as the title and the rest as the text; a first line above more lines is the title
    as written ("Day 2: Evaluation basics")."""
    lines = [ln.strip() for ln in block.strip().splitlines() if ln.strip()]
    first = LIST_MARKER.sub("", lines[0]).strip()
    labelled = _LABELLED.match(first) if len(lines) == 1 else None
    if labelled and len(labelled["label"].split()) <= LABEL_MAX_WORDS and len(labelled["rest"].split()) >= 2:
        return labelled["label"].strip(), labelled["rest"].strip()
    short = len(first.split()) <= TITLE_MAX_WORDS
    if len(lines) > 1 and short:
        return first, "\n".join(lines[1:])
    return (first if short else ""), "\n".join([first, *lines[1:]])


def parse_text(text: str) -> list[Item]:
    blocks = [b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    if len(blocks) == 1:
        lines = [ln for ln in blocks[0].splitlines() if ln.strip()]
        if len(lines) > 1 and all(LIST_MARKER.match(ln) for ln in lines):
            blocks = lines
    items = []
    for n, block in enumerate(blocks, 1):
        title, body = title_and_text(block)
        items.append(Item(id=str(n), title=title, text=body))
    return items


def parse_markdown(text: str) -> list[Item]:
    lines = text.splitlines()
    tokens = MarkdownIt().parse(text)
    opens = [(i, tok) for i, tok in enumerate(tokens) if tok.type == "heading_open" and tok.map]
    if not opens:
        return parse_text(text)
    top = min(tok.tag for _, tok in opens)
    if len(opens) > 1 and opens[0][1].tag == top and sum(tok.tag == top for _, tok in opens) == 1:
        opens = opens[1:]  # one top heading over the others is the set's title, not an item
    heads = [(tok.map[0], tok.map[1], tokens[i + 1].content) for i, tok in opens if tok.map]
    items = []
    for n, (_, end, title) in enumerate(heads, 1):
        stop = heads[n][0] if n < len(heads) else len(lines)
        body = "\n".join(lines[end:stop]).strip()
        items.append(Item(id=str(n), title=title.strip(), text=body))
    return items


def parse_csv(text: str) -> list[Item]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
    if "text" not in fields:
        raise InputError("The CSV has no 'text' column.", hint="Use a header row: id,title,text.")
    def cell(row: dict[str, str | None], name: str) -> str:
        key = fields.get(name)
        return (row.get(key) or "").strip() if key else ""

    items = []
    for n, row in enumerate(reader, 1):
        items.append(Item(id=cell(row, "id") or str(n), title=cell(row, "title"), text=cell(row, "text")))
    return items


def detect(text: str) -> Format:
    first = text.lstrip("\ufeff").lstrip().splitlines()[0] if text.strip() else ""
    if "," in first and "text" in {c.strip().strip('"').lower() for c in first.split(",")}:
        return "csv"
    if any(t.type == "heading_open" for t in MarkdownIt().parse(text)):
        return "markdown"
    return "text"


def parse(text: str, fmt: Format = "auto") -> list[Item]:
    fmt = detect(text) if fmt == "auto" else fmt
    if fmt == "csv":
        return parse_csv(text)
    return parse_markdown(text) if fmt == "markdown" else parse_text(text)
