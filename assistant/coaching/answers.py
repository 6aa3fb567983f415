"""Reading a person's answer: hostile or off-topic text, "I don't know", vagueness, levels, years.

Pure functions over strings (the embedding-based topicality score is passed in), so every rule
here is tested with plain parametrized cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.understanding.text import has_phrase, with_digits

AnswerKind = Literal["hostile", "digression", "clarify", "dont_know", "answer"]

# Prompt injection and abuse. Matching is deliberately broad: a false positive costs one gentle
# steer back and an unchanged session, a miss could derail the session.
_INJECTION = re.compile(
    r"\b(ignore|forget|override)\b.{0,40}\b(instructions?|rules|prompt|above|previous|everything)\b"
    r"|\bsystem prompt\b|\byou are now\b|\bact as\b|\bpretend (to be|you)\b|\bjailbreak\b|\bdeveloper mode\b"
    r"|\breveal\b.{0,30}\b(prompt|instructions|secrets?|keys?)\b|<\s*/?\s*(system|script)\b|\bDAN\b",
    re.I | re.S,
)
_ABUSE = re.compile(
    r"\b(fuck\w*|shit\w*|bullshit|crap|idiot\w*|stupid|dumb|moron\w*|useless|pathetic|screw you|"
    r"go to hell|bastard|asshole|bitch\w*|suck[s]?)\b",
    re.I,
)
_DONT_KNOW = re.compile(
    r"^\s*(i\s*(really\s+)?(do\s*n[o']?t|dont|don't)\s+know|idk|no idea|not sure|unsure|i'?m not sure"
    r"|no clue|hard to say|i can'?t (say|think)|can'?t think of (anything|one)|nothing comes to mind|pass)\b",
    re.I,
)
_INTERROGATIVE = re.compile(
    r"^\s*(what|who|where|when|why|how|which|can you|could you|would you|will you|do you|did you|are you"
    r"|is it|is there|tell me|what's|whats|have you)\b",
    re.I,
)
_CHANGE_SUBJECT = re.compile(
    r"\b(let'?s talk about|change the subject|something else|off[- ]topic|by the way|instead\b.*\?)", re.I
)
_VAGUE_ONLY = re.compile(
    r"^\s*(stuff|things|stuff and things|fine|ok|good|nothing|not much|it'?s fine|whatever|"
    r"the usual|various things|all sorts|this and that|hmm+|meh|yes|no|maybe|sure|i guess)[\s.!]*$",
    re.I,
)

# Topicality (best cosine against competencies and work anchors) below which text is off-topic.
OFF_TOPIC = 0.30
OFF_TOPIC_STATEMENT = 0.22


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9']+", text)


def is_hostile(text: str) -> bool:
    return bool(_INJECTION.search(text) or _ABUSE.search(text))


def is_dont_know(text: str) -> bool:
    return bool(_DONT_KNOW.match(text)) and len(words(text)) <= 12


def is_filler(text: str) -> bool:
    """Nothing but a filler word ("stuff", "fine", "ok"): not worth keeping as part of an answer."""
    return bool(_VAGUE_ONLY.match(text))


def is_vague(text: str, min_words: int) -> bool:
    return bool(_VAGUE_ONLY.match(text)) or len(words(text)) < min_words


def classify(text: str, topicality: float | None) -> AnswerKind:
    """What kind of answer this is; ``topicality`` is None where it is not measured (short slots)."""
    if is_hostile(text):
        return "hostile"
    if is_dont_know(text):
        return "dont_know"
    if _CHANGE_SUBJECT.search(text):
        return "digression"
    if _INTERROGATIVE.match(text) or text.rstrip().endswith("?") and len(words(text)) > 2:
        if topicality is not None and topicality < OFF_TOPIC:
            return "digression"
        return "clarify" if _INTERROGATIVE.match(text) else "answer"
    if topicality is not None and topicality < OFF_TOPIC_STATEMENT and len(words(text)) >= 3:
        return "digression"
    return "answer"


@dataclass(frozen=True)
class LevelAnswer:
    """A self-rating read from text: a level in 1..3 (halves allowed), not sure, or nothing usable."""

    level: float | None
    not_sure: bool
    out_of_range: bool
    rest: str  # the text with the level phrase removed, kept as evidence when long enough


_NUM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "first": 1, "second": 2, "third": 3}
_NUM = r"([0-9]|one|two|three|four|five|first|second|third)"
_BETWEEN = re.compile(
    rf"\b(?:between|from)\s+(?:level\s+|l)?{_NUM}\s+(?:and|&|to|or)\s+(?:level\s+|l)?{_NUM}\b"
    rf"|\b(?:level\s+|l)?{_NUM}\s*(?:-|–|/|or|to)\s*(?:level\s+|l)?{_NUM}\b",
    re.I,
)
_LEVEL = re.compile(
    rf"\b(?:[A-D](?:\.[1-4])?\.)?(?:level|lvl|l)\s*{_NUM}\b"
    r"|^\s*([0-9])\b(?!\s*(?:years?|yrs?|months?|%))"
    r"|^\s*(one|two|three)\s*[.!]?\s*$"
    r"|\b(?:say|at|around|about|probably|maybe|a|an|like)\s+([0-9])\b(?!\s*(?:years?|yrs?|months?|%))",
    re.I,
)
_NOT_SURE = re.compile(r"\b(not sure|unsure|don'?t know|no idea|idk|can'?t (say|tell)|hard to say)\b", re.I)


def _num(token: str) -> int:
    token = token.lower()
    return int(token) if token.isdigit() else _NUM_WORDS[token]


def parse_level(text: str) -> LevelAnswer:
    """Read a level: "2", "level 2", "L2", "somewhere between 1 and 2" (1.5), "not sure"."""
    m = _BETWEEN.search(text)
    if m:
        nums = [_num(g) for g in m.groups() if g]
        lo, hi = min(nums), max(nums)
        rest = (text[: m.start()] + text[m.end():]).strip(" ,.;:-")
        if lo < 1 or hi > 3 or hi - lo != 1:
            return LevelAnswer(None, False, lo < 1 or hi > 3, rest)
        return LevelAnswer(lo + 0.5, False, False, rest)
    m = _LEVEL.search(text)
    if m:
        n = _num(next(g for g in m.groups() if g))
        rest = (text[: m.start()] + text[m.end():]).strip(" ,.;:-")
        if not 1 <= n <= 3:
            return LevelAnswer(None, False, True, rest)
        return LevelAnswer(float(n), False, False, rest)
    if _NOT_SURE.search(text):
        return LevelAnswer(None, True, False, _NOT_SURE.sub("", text).strip(" ,.;:-"))
    return LevelAnswer(None, False, False, text.strip())


_YEARS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:\+\s*)?(years?|yrs?|months?|weeks?|days?)?", re.I)
_PER_YEAR = {"m": 12, "w": 52, "d": 365}
_YEAR_WORDS = {
    "a year": 1, "one year": 1, "two years": 2, "three years": 3, "four years": 4, "five years": 5,
    "six years": 6, "seven years": 7, "eight years": 8, "nine years": 9, "ten years": 10,
    "a decade": 10, "six months": 0.5, "a few months": 0.25, "half a year": 0.5, "a few years": 3, "a couple of years": 2, "couple years": 2, "several years": 5,
}
_NEW = re.compile(r"\b(just started|brand new|new to|first (year|month|week)|a few (months|weeks)|this year)\b", re.I)


def parse_years(text: str) -> float | None:
    """Years in the field: "5", "about 12 years", "six months", "eighteen years", "just started" (0)."""
    m = _YEARS.search(with_digits(text))
    if m:
        value = float(m.group(1))
        unit = (m.group(2) or "years").lower()
        return round(value / _PER_YEAR[unit[0]], 2) if unit[0] in _PER_YEAR else value
    lowered = text.lower()
    if _NEW.search(text) and not any(p in lowered for p in ("six months", "half a year")):
        return 0.0
    for phrase, n in sorted(_YEAR_WORDS.items(), key=lambda kv: -len(kv[0])):
        if phrase in lowered:
            return float(n)
    return None


_SPAN = re.compile(r"\b(?:years?|yrs?|months?|decades?)\b(?![\s-]*olds?\b)", re.I)


def stated_years(text: str) -> float | None:
    """Years of work said in passing ("a gallery guide, four years now"); an age ("8 year olds") is not."""
    return parse_years(text) if _SPAN.search(text) else None


def career_stage(years: float | None) -> str | None:
    """Career stage as the DACUM verification report banded it (0-3, 4-10, 11+ years)."""
    if years is None:
        return None
    if years <= 3:
        return "early career"
    return "mid-career" if years <= 10 else "mature"


# Institution types as the ASTC / islframework.org pages list them.
_INSTITUTIONS = [
    ("children's museum", r"children'?s museum"),
    ("natural history museum", r"natural history museum"),
    ("science center", r"science (and technology )?(center|centre)|science museum"),
    ("zoo", r"\bzoo(logical)?\b"),
    ("aquarium", r"\baquarium\b"),
    ("nature center", r"nature (center|centre)|nature preserve|environmental education center"),
    ("botanical garden", r"botanical garden|\bgarden\b|arboretum"),
    ("planetarium", r"planetarium"),
    ("museum", r"\bmuseum\b"),
]


def detect_institution(text: str) -> str | None:
    for name, pattern in _INSTITUTIONS:
        if re.search(pattern, text, re.I):
            return name
    return None


ProgressStatus = Literal["done", "in_progress", "not_started", "dropped", "noted"]
_STATUS = [
    ("not_started", r"\b(not (yet|started)|haven'?t|have not|didn'?t|did not|no time|not really)\b"),
    ("dropped", r"\b(gave up|dropped|abandon\w*|no longer|stopped)\b"),
    ("done", r"\b(done|finished|completed|did it|achieved|went well)\b"),
    ("in_progress", r"\b(started|some|partially|in progress|working on|halfway|a bit|begun|began)\b"),
]


def parse_progress(text: str) -> ProgressStatus:
    for status, pattern in _STATUS:
        if re.search(pattern, text, re.I):
            return status  # type: ignore[return-value]
    return "noted"


def is_accept(text: str, accept_words: tuple[str, ...]) -> bool:
    return has_phrase(text, accept_words)


_NO = re.compile(r"^\s*(no|nope|none|no thanks|no,? thank you|that'?s (it|fine|all|enough)|carry on|go on|"
                 r"move on|nothing else|i'?m good|all good)\b", re.I)


def is_no(text: str) -> bool:
    return bool(_NO.match(text))
