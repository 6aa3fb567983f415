"""Reading a person's answer: its kind, a level, years in the field.

The kind comes from meaning: the reply's sense (:class:`assistant.coaching.senses.Senses`, labelled examples
as data) and its topicality (the embedding score against competencies and work anchors); both are passed
in, so these stay pure functions. Levels and amounts of time are a grammar, read by
:mod:`assistant.understanding.text`.
"""

from __future__ import annotations

from typing import Literal

from assistant.coaching.senses import ReplySense
from assistant.understanding.text import (
    Amount,
    LevelMention,
    amounts,
    find_level,
    has_phrase,
    time_units,
    words_of,
)

AnswerKind = Literal["hostile", "digression", "clarify", "dont_know", "answer"]

# Topicality (best cosine against competencies and work anchors) below which text is off-topic.
OFF_TOPIC = 0.30
OFF_TOPIC_STATEMENT = 0.22
MAX_DONT_KNOW_WORDS = 12  # a longer "I don't know the numbers, but ..." is an answer


def words(text: str) -> list[str]:
    return words_of(text)


def classify(text: str, sense: ReplySense | None, topicality: float | None) -> AnswerKind:
    """What kind of answer this is, from its sense and (where measured, else None) its topicality."""
    n = len(words(text))
    if sense == "abuse":
        return "hostile"
    if sense == "dont_know" and n <= MAX_DONT_KNOW_WORDS:
        return "dont_know"
    if sense == "digression":
        return "digression"
    if sense == "clarify" or (text.rstrip().endswith("?") and n > 2):
        if topicality is not None and topicality < OFF_TOPIC:
            return "digression"
        return "clarify" if sense == "clarify" else "answer"
    if topicality is not None and topicality < OFF_TOPIC_STATEMENT and n >= 3:
        return "digression"
    return "answer"


def parse_level(text: str) -> LevelMention:
    """Read a level: "2", "level 2", "L2", "somewhere between 1 and 2" (1.5); ``level`` None when none is said."""
    return find_level(text) or LevelMention(None, False, text.strip())


# years per unit, by the start of the unit's name ("decade" before "day")
_YEARS_PER = (("dec", 10.0), ("y", 1.0), ("month", 1 / 12), ("fortnight", 1 / 26), ("week", 1 / 52),
              ("day", 1 / 365))


def _in_years(a: Amount) -> float | None:
    if not a.unit:
        return a.value
    per = next((f for start, f in _YEARS_PER if a.unit.startswith(start)), None)
    return None if per is None else round(a.value * per, 2)


def parse_years(text: str) -> float | None:
    """Years in the field: "5", "about 12 years", "six months", "eighteen years", "a few years"."""
    found = [a for a in amounts(text) if not a.age]
    spans = [y for a in found if a.unit and (y := _in_years(a)) is not None]
    if spans:
        return spans[0]
    return next((a.value for a in found if not a.unit), None)


_SPAN_UNITS = ("y", "month", "dec")  # a span of a working life; "3 days a week" is not one


def stated_years(text: str, new_to_field: bool = False) -> float | None:
    """Years of work said in passing ("a gallery guide, four years now", "year 3 at the zoo, 40 volunteers"):
    a number with a span of time, else, when the text speaks of a span, its first plain number; an age
    ("8 year olds") is no span. ``new_to_field``: the text says they have only just begun (0 without a number)."""
    found = [a for a in amounts(text) if not a.age]
    spans = [a for a in found if a.unit.startswith(_SPAN_UNITS)]
    if spans and spans[0].counted:
        return _in_years(spans[0])
    plain = next((a.value for a in found if not a.unit), None)
    if plain is not None and any(u.startswith(_SPAN_UNITS) for u in time_units(text)):
        return plain
    if spans:
        return _in_years(spans[0])
    return 0.0 if new_to_field else None


def career_stage(years: float | None) -> str | None:
    """Career stage as the DACUM verification report banded it (0-3, 4-10, 11+ years)."""
    if years is None:
        return None
    if years <= 3:
        return "early career"
    return "mid-career" if years <= 10 else "mature"


def is_accept(text: str, accept_words: tuple[str, ...]) -> bool:
    return has_phrase(text, accept_words)
