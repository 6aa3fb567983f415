"""What one reply means to the flow: the senses of short replies, the reader's declines, and word counts.

The flow asks these of every reply whether or not it has a listener: is it hostile, an "I don't know", a
"no", a filler word, too vague, a request for clarification; how many years it states; how far a goal
reaches. Meanings come from :class:`~assistant.coaching.senses.Senses` (labelled examples) and the chat
reader's intents; numbers from the grammar in :mod:`assistant.understanding.text`.
"""

from __future__ import annotations

from assistant.coaching.answers import MAX_DONT_KNOW_WORDS, parse_years, words
from assistant.coaching.senses import ReplySense, Scope, Senses
from assistant.understanding.policy import DECLINE_THRESHOLD
from assistant.understanding.reading import Reader
from assistant.understanding.text import split_sentences

# levels_pattern of the framework facts: L2 the person's own institution, L3 the ISL field
SCOPE_LEVELS: dict[Scope, int] = {"institution": 2, "field": 3}


class ReplyMeaning:
    """The senses and (optionally) the chat reader, asked one reply at a time."""

    def __init__(self, senses: Senses, reader: Reader | None = None) -> None:
        self.senses = senses
        self.reader = reader

    def hostile(self, text: str) -> bool:
        """Abuse (the senses), or an instruction to the system or a request to discriminate: the reader's
        intents, read over the whole message and each of its sentences. Not over word windows, as the chat
        does for spliced instructions: a story told in the first person ("I played the part of...") reads
        like one in a seven-word fragment, and a steer leaves the session waiting on the same question."""
        if self.senses.reply(text) == "abuse":
            return True
        if self.reader is None:
            return False
        reading = self.reader.read(text)
        return any(max(reading.strongest.get(i, 0.0), reading.scores.get(i, 0.0)) >= DECLINE_THRESHOLD
                   for i in ("injection", "discriminatory"))

    def sense(self, text: str) -> ReplySense | None:
        """The sense of a short reply; a longer message that opens by asking about the question asks for
        clarification (its first sentence has that sense)."""
        sense = self.senses.reply(text)
        if sense is None:
            first = split_sentences(text)[:1]
            if first and first[0] != text.strip() and self.senses.reply(first[0]) == "clarify":
                return "clarify"
        return sense

    def dont_know(self, text: str) -> bool:
        return self.senses.reply(text) == "dont_know" and len(words(text)) <= MAX_DONT_KNOW_WORDS

    def no(self, text: str) -> bool:
        return self.senses.reply(text) == "no"

    def filler(self, text: str) -> bool:
        """Nothing but a filler word ("stuff", "fine", "ok"): not worth keeping as part of an answer."""
        return self.senses.reply(text) == "filler"

    def vague(self, text: str, min_words: int) -> bool:
        return self.filler(text) or len(words(text)) < min_words

    def years(self, text: str) -> float | None:
        """Years in the field said as an amount, or 0 for "I just started"."""
        years = parse_years(text)
        return 0.0 if years is None and self.senses.new_to_field(text) else years

    def scope_level(self, goal: str) -> int | None:
        """The level a goal's reach points to (2 their institution, 3 the field), None for their own work."""
        scope = self.senses.scope(goal) if goal.strip() else None
        return SCOPE_LEVELS[scope] if scope is not None else None
