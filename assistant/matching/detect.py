"""Does a chat message look like a pasted job posting? The structural half of the check (no model).

A posting is long and laid out as one: a list of duties or requirements, usually under headings. What the
words say (a salary, "equal opportunity employer", "we are hiring") is the reader's to judge (its
``posting`` intent, trained on examples); the chat router (:mod:`assistant.dialogue.routing`) asks both.

    >>> looks_like_posting("What is Level 2 of Finances?")
    False
"""

from __future__ import annotations

from assistant.matching.text import segment, to_plain

MIN_WORDS = 40
MIN_BULLETS, MIN_BULLETS_UNDER_HEADING, MIN_HEADINGS = 5, 3, 3


def looks_like_posting(message: str) -> bool:
    """True for a text laid out as a job posting (or a block of its requirements) rather than a question."""
    plain = to_plain(message)
    if len(plain.text.split()) < MIN_WORDS:
        return False
    segs = segment(plain.text, plain.bullets)
    bullets = sum(1 for s in segs if s.bullet)
    headings = sum(1 for s in segs if s.kind == "heading")
    return bullets >= MIN_BULLETS or headings >= 1 and bullets >= MIN_BULLETS_UNDER_HEADING or headings >= MIN_HEADINGS
