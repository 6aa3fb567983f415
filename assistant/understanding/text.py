"""Text pieces every reader of user text shares: sentences as people type them, and numbers as words.

Chat messages are typed, not edited: sentences often start in lower case, lines break mid-thought, and a
pasted text carries bullets. A sentence ends at a line break, or at ``.``, ``!``, ``?`` or ``;`` before a
space, except after a common abbreviation ("e.g.", "Dr.") or inside a decimal ("2.5").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from number_parser import parse as _number_words_to_digits

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


_QUANTITY_WORDS = re.compile(r"\b(?:a\s+)?dozen\b|\bhalf\s+an?\b", re.I)
_QUANTITY = {"dozen": "12", "half": "0.5"}


def with_digits(text: str) -> str:
    """``text`` with its number words written as digits, for the patterns that read amounts.

    >>> with_digits("Eighteen years here, about two hours a week, a dozen volunteers")
    '18 years here, about 2 hours a week, 12 volunteers'
    """
    def quantity(m: re.Match[str]) -> str:
        return next(v for k, v in _QUANTITY.items() if k in m.group(0).lower())

    return str(_number_words_to_digits(_QUANTITY_WORDS.sub(quantity, text)))


_WORD = re.compile(r"[a-z0-9']+")


def words_of(text: str) -> list[str]:
    """Lower-case words, curly apostrophes made straight: "Don’t, OK!" -> ["don't", "ok"]."""
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def has_phrase(text: str, phrases: Iterable[str]) -> bool:
    """Whether ``text`` holds one of ``phrases`` as whole words, whatever the case and punctuation.

    >>> has_phrase("Sounds good, let us go on!", ["sounds good"]), has_phrase("both yes", ["yes"]), has_phrase("yesterday", ["yes"])
    (True, True, False)
    """
    padded = f" {' '.join(words_of(text))} "
    return any(f" {' '.join(words_of(p))} " in padded for p in phrases if words_of(p))
