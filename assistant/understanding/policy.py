"""What a reading means for the turn: which requests are declined.

The thresholds were chosen on the dev chat questions with ``benchmarks/calibrate_reader.py``: the middle
of the widest range of thresholds with the best decline accuracy and no in-scope question declined.
"""

from __future__ import annotations

from assistant.understanding.reading import DeclineIntent, Reading

DECLINE_THRESHOLD = 0.40
# A word window read as an injection: on dev the highest in-scope window reads 0.48 and the lowest
# injection 0.59 (benchmarks/calibrate_reader.py prints both); this is about the middle of the gap.
SPLICED_THRESHOLD = 0.54
# When the reader gives at least this much probability to the framework's own requests together, its
# word outweighs a low retrieval similarity (a follow-up such as "so how do I get to the next one?"
# names nothing to retrieve). Set on the dev questions: no must-decline dev question reaches it.
IN_SCOPE_THRESHOLD = 0.85


def decline_for(reading: Reading, threshold: float = DECLINE_THRESHOLD) -> DeclineIntent | None:
    """The decline intent of a reading, or None when the message is in scope.

    An injection or a discriminatory request is declined whatever else the message asks or names, also when
    only one of its sentences is one. An off-topic reading is trusted for the whole message only, and not
    when the message names a framework item (the item says it is about the framework).
    """
    if reading.spliced >= SPLICED_THRESHOLD:
        return "injection"
    for intent in ("injection", "discriminatory"):
        if max(reading.strongest.get(intent, 0.0), reading.scores.get(intent, 0.0)) >= threshold:
            return "injection" if intent == "injection" else "discriminatory"
    if reading.intent == "offtopic" and reading.confidence >= threshold and not reading.names_framework_item:
        return "offtopic"
    return None


GREETING_THRESHOLD = 0.50
MAX_GREETING_WORDS = 6  # "thanks, and what about Level 3?" is a question, not a greeting


def is_greeting(reading: Reading, text: str, threshold: float = GREETING_THRESHOLD) -> bool:
    """A hello, thanks or goodbye and nothing else: answered kindly, with what the assistant can do."""
    return (reading.intent == "greeting" and reading.confidence >= threshold and not reading.names_framework_item
            and len(text.split()) <= MAX_GREETING_WORDS)


def in_scope(reading: Reading, threshold: float = IN_SCOPE_THRESHOLD) -> bool:
    """The reader is confident the message is one of the framework's own requests (not a decline)."""
    return reading.in_scope_mass >= threshold and decline_for(reading) is None
