"""Text pieces every reader of user text shares: sentences, as people type them.

Chat messages are typed, not edited: sentences often start in lower case, lines break mid-thought, and a
pasted text carries bullets. A sentence ends at a line break, or at ``.``, ``!``, ``?`` or ``;`` before a
space, except after a common abbreviation ("e.g.", "Dr.") or inside a decimal ("2.5").
"""

from __future__ import annotations

import re

_END = re.compile(r"(?<=[.!?;])[\"'\u201d\u2019)\]]*\s+")
_BULLET = re.compile(r"^\s*(?:[-*+\u2022]|\d{1,3}[.)])\s+")
_ABBREVIATIONS = frozenset({"e.g.", "i.e.", "cf.", "vs.", "etc.", "al.", "approx.", "dr.", "mr.", "mrs.", "ms.",
                            "prof.", "st.", "no.", "fig.", "p.", "pp."})


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` in order, stripped, bullets removed; empty pieces dropped.

    >>> split_sentences("i run camps. which level is that? e.g. summer ones")
    ['i run camps.', 'which level is that?', 'e.g. summer ones']
    """
    out: list[str] = []
    for line in text.splitlines():
        line = _BULLET.sub("", line, count=1)
        start = 0
        for m in _END.finditer(line):
            piece = line[start:m.start()]
            last = piece.split()[-1].lower() if piece.split() else ""
            if last in _ABBREVIATIONS:
                continue
            out.append(piece)
            start = m.end()
        out.append(line[start:])
    return [p.strip() for p in out if p.strip()]
