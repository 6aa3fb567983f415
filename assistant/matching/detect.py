"""Does a chat message look like a pasted job posting? (cheap rules, no model)

Used by the chat router to send a pasted posting to the matcher instead of the question answerer.

    >>> looks_like_posting("What is Level 2 of Finances?")
    False
"""

from __future__ import annotations

import re

from assistant.matching.text import segment, to_plain

_SECTION = re.compile(
    r"\b(responsibilities|duties|qualifications|requirements|what you('ll| will) (do|bring)|essential functions"
    r"|job (summary|description)|position (summary|overview)|about the (role|position))\b", re.I)
_SIGNALS = re.compile(
    r"\b(equal opportunity employer|to apply|salary|full[- ]time|part[- ]time|reports to|years of experience"
    r"|bachelor'?s degree|we are (seeking|looking for|hiring))\b", re.I)
MIN_WORDS = 40


def looks_like_posting(message: str) -> bool:
    """True for a job posting (or a block of its requirements) rather than a question."""
    plain = to_plain(message)
    if len(plain.text.split()) < MIN_WORDS:
        return False
    segs = segment(plain.text, plain.bullets)
    bullets = sum(1 for s in segs if s.bullet)
    sections = sum(1 for s in segs if s.kind == "heading" and _SECTION.search(s.text))
    signals = len({m.group(0).lower() for m in _SIGNALS.finditer(plain.text)})
    return sections >= 1 and (bullets >= 3 or signals >= 1) or signals >= 2 or bullets >= 5
