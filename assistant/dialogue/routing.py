"""Pick a mode for a chat message in ``auto``: framework question, job posting, or coaching."""

from __future__ import annotations

import re
from typing import Literal

Mode = Literal["qa", "match", "coach"]

_COACH = re.compile(
    r"\b(help me (to )?(reflect|think through|plan|grow|assess)|reflect(ing)? on (my|the past|last)|self[- ]?assess"
    r"|learning plan|development plan|coach(ing)?( session| me)?\b|where (do )?i stand|my (career|growth) (goals?|plan)"
    r"|next step in my career|what should i (learn|develop) next|review my year|reflect on my year)",
    re.IGNORECASE,
)
_POSTING_WORDS = re.compile(
    r"\b(responsibilit(y|ies)|qualifications?|requirements?|duties|we are (seeking|looking)|the ideal candidate"
    r"|job (title|description|summary|posting)|position (summary|title)|reports to|salary|compensation|benefits"
    r"|how to apply|apply (now|by|online)|full[- ]time|part[- ]time|equal opportunity|years of experience"
    r"|preferred|required|must have|essential functions|about the (role|position))\b",
    re.IGNORECASE,
)
_ASKS_MATCH = re.compile(r"\b(job (posting|description|ad)|this (posting|position|role|job))\b", re.IGNORECASE)


def looks_like_posting(text: str) -> bool:
    """A pasted posting is long, has several lines or bullets, and uses the words of job ads.

    Either this word count or the matcher's own structural check (sections, bullets) is enough.
    """
    from assistant.matching.detect import looks_like_posting as structured

    if structured(text):
        return True
    words = len(text.split())
    cues = len({m.group(0).lower() for m in _POSTING_WORDS.finditer(text)})
    lines = text.count("\n") + text.count("<li") + text.count("<p")
    if words >= 120 and cues >= 3:
        return True
    return words >= 60 and cues >= 2 and (lines >= 3 or bool(_ASKS_MATCH.search(text)))


def wants_coaching(text: str) -> bool:
    return bool(_COACH.search(text)) and len(text) < 2_000


_QUESTION = re.compile(
    r"^\s*(what|how|which|who|why|where|when|can|could|does|do|is|are|explain|tell me|define)\b[^\n]*\?\s*$",
    re.IGNORECASE,
)


def route(
    message: str, *, requested: str = "auto", active_coaching: bool = False, names_framework_item: bool = False,
    asks_role: bool = False,
) -> Mode:
    """``names_framework_item``: the message names a domain, category or level (see retrieval.cues).
    ``asks_role``: it asks what a role needs (see :mod:`assistant.dialogue.roles`).

    During a coaching session, a plain question about the framework ("What is Level 2 in Finances?")
    is answered as a question; the coaching session stays open for the next message. A question about
    a role goes to matching (its job profile) unless it names a framework item, which QA answers.
    """
    if requested in {"qa", "match", "coach"}:
        return requested  # type: ignore[return-value]
    if looks_like_posting(message):
        return "match"
    if asks_role and not active_coaching and not names_framework_item:
        return "match"
    if active_coaching and names_framework_item and _QUESTION.match(message):
        return "qa"
    if active_coaching or wants_coaching(message):
        return "coach"
    return "qa"
