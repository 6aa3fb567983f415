"""A list pasted into a chat message: the items, the request around them, and which kind of set it is.

Structure only decides where the list is (list markers, a line ending in a colon followed by lines, or a
colon followed by comma-separated names); meaning - is this a coverage request, is it courses, sessions or
roles - comes from the reader and the embedding model.

    >>> [i.text for i in pasted_items("Our sessions:\\n- Budgets for small museums\\n- Evaluation basics\\nGaps?")[1]]
    ['Budgets for small museums', 'Evaluation basics']
"""

from __future__ import annotations

import re

import numpy as np

from assistant.coverage.analysis import Item, Kind
from assistant.coverage.inputs import LIST_MARKER, title_and_text
from assistant.indexing.embedder import Embedder

MIN_ITEMS = 2
# what each kind of set is, in words, for the embedding model to compare the request with
KIND_DESCRIPTIONS: dict[Kind, str] = {
    "curriculum": "the courses, modules and classes of a degree, certificate, minor or curriculum for students",
    "program": "the sessions, talks, webinars and workshops of a conference, event series or training program",
    "team": "the roles, positions, staff and job descriptions of a team or department",
}
_INLINE = re.compile(r":\s*(?P<list>[^.?!\n]+)")
_SEPARATORS = re.compile(r"\s*(?:[;,]\s*(?:and\s+)?|\s+and\s+)")


def _clean(name: str) -> str:
    return name.strip().strip("\"'\u2018\u2019\u201c\u201d").strip()


def _items(lines: list[str]) -> list[Item]:
    out = []
    for n, line in enumerate(lines, 1):
        title, text = title_and_text(line)
        out.append(Item(id=str(n), title=title, text=text))
    return out


def pasted_items(message: str) -> tuple[str, list[Item]]:
    """(the request without the list, the listed items); no items when the message holds no list of two or more."""
    lines = message.splitlines()
    marked = [i for i, ln in enumerate(lines) if LIST_MARKER.match(ln)]
    if len(marked) >= MIN_ITEMS:
        rest = [ln for i, ln in enumerate(lines) if i not in set(marked)]
        return "\n".join(rest).strip(), _items([lines[i] for i in marked])
    for i, line in enumerate(lines[:-1]):  # "Our courses:" then one per line, up to a question
        if line.rstrip().endswith(":"):
            body = [ln for ln in lines[i + 1:] if ln.strip()]
            tail = [ln for ln in body if ln.rstrip().endswith("?")]
            listed = [ln for ln in body if ln not in tail]
            if len(listed) >= MIN_ITEMS:
                return "\n".join([*lines[:i + 1], *tail]).strip(), _items(listed)
    for m in _INLINE.finditer(message):  # "Our webinars: A, B and C. What gaps ...?"
        names = [_clean(n) for n in _SEPARATORS.split(m.group("list")) if _clean(n)]
        if len(names) >= MIN_ITEMS + 1 or (len(names) == MIN_ITEMS and " and " in m.group("list")):
            request = (message[:m.start()] + message[m.end():]).strip()
            return request, [Item(id=str(n), title=name, text=name) for n, name in enumerate(names, 1)]
    return message, []


def kind_of(request: str, items: list[Item], embedder: Embedder) -> Kind:
    """The kind of set whose description is nearest to the request and the items' titles."""
    kinds = list(KIND_DESCRIPTIONS)
    text = " ".join([request, *(i.title or i.text for i in items[:6])])
    vectors = embedder.embed([text, *(KIND_DESCRIPTIONS[k] for k in kinds)])
    sims = vectors[1:] @ vectors[0]
    return kinds[int(np.argmax(sims))]
