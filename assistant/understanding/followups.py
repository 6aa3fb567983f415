"""Does a short message lean on the previous answer ("and at level 3?", "tell me more")? Read from examples.

``prompts/followups.yaml`` holds short messages that only make sense after an answer (``follow_up``) and short
messages that stand on their own (``standalone``). A message is a follow-up when its nearest example (cosine
of the sentence vectors) is a follow-up one, at least :data:`MATCH` close. Only short messages are asked:
a long one says what it is about. Examples are data (dev only; the leak guard checks them).

    >>> followups = FollowUps.from_prompts(embedder, prompts_dir)   # doctest: +SKIP
    >>> followups.leans_on_previous("and the top level?")          # doctest: +SKIP
    True
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydantic import Field

from assistant.indexing.embedder import Embedder
from assistant.understanding.examples import ExampleSet, load_examples_file
from assistant.understanding.nearest import LabelledVectors

EXAMPLES_FILE = "followups.yaml"
# The least cosine to the nearest follow-up example (which must also be nearer than any standalone one);
# checked with tests/understanding/test_followups.py (sentences written there, none from the examples).
MATCH = 0.35
MAX_WORDS = 14  # a longer message names its own subject


class FollowUpExamples(ExampleSet):
    follow_up: tuple[str, ...] = Field(min_length=5)
    standalone: tuple[str, ...] = Field(min_length=5)

    def pairs(self) -> list[tuple[str, str]]:
        return [(t, "follow_up") for t in self.follow_up] + [(t, "standalone") for t in self.standalone]


class FollowUps:
    """Embeds its examples once; :meth:`leans_on_previous` reads one message by its nearest example."""

    def __init__(self, embedder: Embedder, examples: FollowUpExamples, match: float = MATCH) -> None:
        self.embedder = embedder
        self.match = match
        # standalone rows first: a tie between the two goes to "stands alone"
        self._examples = LabelledVectors.of({"standalone": examples.standalone, "follow_up": examples.follow_up},
                                            embedder.embed)

    @classmethod
    def from_prompts(cls, embedder: Embedder, prompts_dir: Path) -> FollowUps:
        examples = load_examples_file(Path(prompts_dir) / EXAMPLES_FILE, FollowUpExamples, "follow-up examples",
                                      "assistant/understanding/followups.py")
        return cls(embedder, examples)

    def leans_on_previous(self, message: str, vector: np.ndarray | None = None) -> bool:
        """``vector``: the message's sentence vector when the caller has it (the reader embeds it once)."""
        if not message.strip() or len(message.split()) > MAX_WORDS:
            return False
        label, score = self._examples.nearest(self.embedder.embed_query(message) if vector is None else vector)
        return label == "follow_up" and score >= self.match
