"""Text pieces every reader of user text shares: sentences as people type them, and numbers as words.

Chat messages are typed, not edited: sentences often start in lower case, lines break mid-thought, and a
pasted text carries bullets. A sentence ends at a line break, or at ``.``, ``!``, ``?`` or ``;`` before a
space, except after a common abbreviation ("e.g.", "Dr.") or inside a decimal ("2.5").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

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


# Quantity words number-parser leaves alone: "a dozen" (12), "half a/an" (0.5), "a few" (3), "several" (5);
# rough on purpose, they stand for an amount someone only estimates.
_QUANTITY_WORDS = re.compile(r"\b(?:a\s+)?(?:dozen|few)\b|\b(?:half\s+an?|several)\b", re.I)
_QUANTITY = {"dozen": "12", "half": "0.5", "few": "3", "several": "5"}
_AND_A_HALF = re.compile(r"\b(\d+)\s+and\s+an?\s+half\b", re.I)  # "2 and a half" is 2.5


def with_digits(text: str) -> str:
    """``text`` with its number words written as digits, for the patterns that read amounts.

    >>> with_digits("Eighteen years here, about two hours a week, a dozen volunteers")
    '18 years here, about 2 hours a week, 12 volunteers'
    """
    def quantity(m: re.Match[str]) -> str:
        return next(v for k, v in _QUANTITY.items() if k in m.group(0).lower())

    digits = str(_number_words_to_digits(_QUANTITY_WORDS.sub(quantity, text)))
    return _AND_A_HALF.sub(r"\1.5", digits)


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


# ------------------------------------------------------------------ the grammar of amounts and levels
# One pattern per concept; the coach reads numbers with these only (never a meaning: that is the model's).

NUMBER = r"\d+(?:\.\d+)?"
# the words that join the two ends of a range: "1-2", "1 to 2", "between 1 and 2", "2 or 3"
RANGE = r"\s*(?:[-\u2013/&]|or|to|and)\s*"
# a unit of time, singular or plural: "yr", "years", "months", "fortnight", "h", "hours", "mins", "decade"
TIME_UNIT = r"(?:y(?:ea)?r|month|week(?:day)?|fortnight|day|h(?:ou)?r|h|min(?:ute)?|decade)s?\b"
_LEVEL_WORD = r"\bl(?:e?ve?l)?\s*"  # "level", "lvl", "L" (also in "A.4.L2")

# How a level is said: after a level word ("level 2", "L2", "A.4.L2"), as the whole answer's first word ("2,
# because..."), or after a word that puts a number on a scale ("a 2", "at 2", "say 2", "between 1 and 2");
# optionally a second digit after a range word. Never a digit that gives a share ("30%"), a decimal or a span
# of time, and not a number that counts things ("we ran 5 camps"), which none of those words precede.
_LEVEL = re.compile(
    rf"(?:{_LEVEL_WORD}|^\s*|\b(?:an?|at|say|about|around|like|probably|maybe|between|from)\s+)"
    rf"(?P<lo>\d)(?:{RANGE}(?:{_LEVEL_WORD})?(?P<hi>\d))?\b(?![.,]\d|\s*%|\s*{TIME_UNIT})",
    re.I,
)
# An amount with its unit of time: "5", "12 years", "10+ years", "6 or so years", "a year", "1-2 hours",
# "an hour or 2", "8 year olds".
_AMOUNT = re.compile(
    rf"(?P<n>{NUMBER}|\ban?(?=\s))(?:{RANGE}(?P<n2>{NUMBER}))?(?:\s*\+|[\s-]*plus|\s+or\s+so)?\s*(?P<unit>{TIME_UNIT})?"
    rf"(?:{RANGE}(?P<n3>{NUMBER})\b)?(?P<old>[\s-]*olds?\b)?",
    re.I,
)
# How often: "a week", "per month", "every day" (within a few words after the amount).
_PERIOD = re.compile(rf"^.{{0,24}}?\b(?:an?|per|each|every)\s+(?P<per>{TIME_UNIT})", re.I)


@dataclass(frozen=True)
class LevelMention:
    """A level said in text: ``level`` (a half step for a range of neighbours) or None when out of 1..3."""

    level: float | None
    out_of_range: bool
    rest: str  # the text without the level phrase


def find_level(text: str) -> LevelMention | None:
    """The first level ``text`` states, number words included.

    >>> [find_level(t) and find_level(t).level for t in ("Level two", "between 1 and 2", "A.4.L3", "3 years")]
    [2.0, 1.5, 3.0, None]
    """
    digits = with_digits(text)
    m = _LEVEL.search(digits)
    if m is None:
        return None
    lo, hi = int(m.group("lo")), int(m.group("hi") or m.group("lo"))
    lo, hi = min(lo, hi), max(lo, hi)
    rest = (digits[: m.start()] + digits[m.end():]).strip(" ,.;:-")
    if lo < 1 or hi > 3:
        return LevelMention(None, True, rest)
    if hi - lo > 1:
        return LevelMention(None, False, rest)
    return LevelMention((lo + hi) / 2, False, rest)


@dataclass(frozen=True)
class Amount:
    """A number with its unit of time as said: ``unit`` is "" when none was said; ``per`` how often ("week")."""

    value: float
    unit: str
    per: str
    age: bool  # "8 year olds": an age, not a span
    counted: bool = True  # False for "a"/"an" ("a year"): one of something, said without a number


def amounts(text: str) -> list[Amount]:
    """The amounts ``text`` states, number words and quantity words included; a range counts as its middle.

    >>> [(a.value, a.unit, a.per) for a in amounts("an hour or two a month, about 12 years")]
    [(1.5, 'hour', 'month'), (12.0, 'years', '')]
    """
    digits = with_digits(text)
    out: list[Amount] = []
    said_until = 0  # the end of the last period read ("a week" is not an amount of its own)
    for m in _AMOUNT.finditer(digits):
        if m.start() < said_until:
            continue
        unit = (m.group("unit") or "").lower()
        if not m.group("n")[0].isdigit() and not unit:
            continue  # "a" alone is an article, not one of something
        n = float(m.group("n")) if m.group("n")[0].isdigit() else 1.0
        other = m.group("n2") or m.group("n3")
        if other:
            n = (n + float(other)) / 2
        period = _PERIOD.match(digits[m.end():]) if unit else None
        said_until = m.end() + period.end() if period else m.end()
        out.append(Amount(n, unit, period.group("per").lower() if period else "", bool(m.group("old")),
                          m.group("n")[0].isdigit()))
    return out


_UNIT_WORD = re.compile(rf"\b(?P<unit>{TIME_UNIT})(?P<old>[\s-]*olds?\b)?", re.I)


def time_units(text: str) -> list[str]:
    """The units of time ``text`` speaks of, lower case, ages left out: "last year, 8 year olds" -> ["year"]."""
    return [m.group("unit").lower() for m in _UNIT_WORD.finditer(text) if not m.group("old")]
