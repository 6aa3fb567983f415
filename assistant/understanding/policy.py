"""What a reading means for the turn: which requests are declined.

The thresholds were chosen on the dev chat questions with ``benchmarks/calibrate_reader.py``: the middle
of the widest range of thresholds with the best decline accuracy and no in-scope question declined.
"""

from __future__ import annotations

from assistant.understanding.reading import DeclineIntent, Reading

DECLINE_THRESHOLD = 0.40
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
    for intent in ("injection", "discriminatory"):
        if max(reading.strongest.get(intent, 0.0), reading.scores.get(intent, 0.0)) >= threshold:
            return "injection" if intent == "injection" else "discriminatory"
    if reading.intent == "offtopic" and reading.confidence >= threshold and not reading.names_framework_item:
        return "offtopic"
    return None


def in_scope(reading: Reading, threshold: float = IN_SCOPE_THRESHOLD) -> bool:
    """The reader is confident the message is one of the framework's own requests (not a decline)."""
    return reading.in_scope_mass >= threshold and decline_for(reading) is None
