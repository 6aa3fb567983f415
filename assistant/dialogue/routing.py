"""Pick a mode for a chat message in ``auto``: framework question, job posting, or coaching.

Meaning comes from the turn's :class:`~assistant.understanding.reading.Reading` (the classifier on the
message's embedding, trained on ``prompts/intents.yaml``); the only rules left are structural: a pasted
posting has sections, bullets and the length of a posting (``matching.detect``).
"""

from __future__ import annotations

from typing import Literal

from assistant.matching.detect import MIN_WORDS
from assistant.matching.detect import looks_like_posting as structured
from assistant.understanding.reading import Reading

Mode = Literal["qa", "match", "coach", "coverage"]

# The reader's probability an intent needs to choose a mode. The classifier spreads its probability over
# 15 intents (uniform would be 0.07): 0.3 is a clear plurality. Not yet calibrated on routing labels (the
# dev sets have none); the API and dialogue tests exercise it.
ROUTE_THRESHOLD = 0.30
COACH_INTENTS = frozenset({"coach_request", "plan_request"})
QUESTION_INTENTS = frozenset({"definition", "level", "compare"})
MAX_COACH_REQUEST_CHARS = 2_000  # a coaching request is a sentence or two, not a pasted document


def _reads(reading: Reading | None, intents: frozenset[str]) -> bool:
    """The most probable intent is one of ``intents`` and, together, they hold ROUTE_THRESHOLD of the
    probability: a mode is chosen by its intents' joint share ("help me reflect on my work" splits its
    probability between a coaching request and a plan request, both the coach's)."""
    if reading is None or reading.intent not in intents:
        return False
    return sum(reading.scores.get(i, 0.0) for i in intents) >= ROUTE_THRESHOLD


POSTING_LIKE = frozenset({"posting", "role"})


def looks_like_posting(text: str, reading: Reading | None = None) -> bool:
    """A pasted posting: laid out as one (the matcher's structural check), or a posting-length text whose
    likeliest reading is a posting. The reader learned from short requests, so on a long pasted text its
    probability spreads thin; that a text of posting length reads likeliest as one (or as a question about a
    job role, which a pasted posting's title and duties resemble) is the evidence."""
    if structured(text):
        return True
    return reading is not None and reading.intent in POSTING_LIKE and len(text.split()) >= MIN_WORDS


def wants_coaching(text: str, reading: Reading | None) -> bool:
    return _reads(reading, COACH_INTENTS) and len(text) < MAX_COACH_REQUEST_CHARS


def route(
    message: str, *, reading: Reading | None = None, requested: str = "auto", active_coaching: bool = False,
    names_framework_item: bool = False, asks_role: bool = False, pasted_list: bool = False,
) -> Mode:
    """``names_framework_item``: the message names a domain, category or level (see retrieval.cues).
    ``asks_role``: it asks what a role needs (see :mod:`assistant.dialogue.roles`).

    During a coaching session, a question about the framework that names an item ("What is Level 2 in
    Finances?") is answered as a question; the coaching session stays open for the next message. A
    question about a role goes to matching (its job profile) unless it names a framework item, which QA
    answers. ``pasted_list``: the message holds a list of two or more items (``coverage.pasted``); read as a
    coverage request, it goes to the coverage analysis. Without a reading (no reader configured) only the structural posting check routes.
    """
    if requested in {"qa", "match", "coach"}:
        return requested  # type: ignore[return-value]
    if pasted_list and not active_coaching and _reads(reading, frozenset({"coverage"})):
        return "coverage"
    if looks_like_posting(message, reading):
        return "match"
    if asks_role and not active_coaching and not names_framework_item:
        return "match"
    # a question mark is structure: "I'd say Level 2 in Finances" answers the coach, "what is ...?" asks
    if active_coaching and names_framework_item and _reads(reading, QUESTION_INTENTS) and message.rstrip().endswith("?"):
        return "qa"
    if active_coaching or wants_coaching(message, reading):
        return "coach"
    return "qa"
