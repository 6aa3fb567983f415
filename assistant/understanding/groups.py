"""Who a question about using the framework is for: one of the user groups the corpus has guidance for.

``prompts/usecases.yaml`` holds, per group (``individuals``, ``supervisors``, ``institutions``,
``academic-programs``, ``students``, ``professional-organizations``: the ``use:<group>`` chunks), questions
people in that group ask. A message's group is the group of its nearest example (cosine of the sentence
vectors); the reader reads it once per message, and a use-case answer adds that group's guidance.
Examples are data (dev only; the leak guard checks them).

    >>> groups = UserGroups.from_prompts(embedder, prompts_dir)               # doctest: +SKIP
    >>> groups.of(embedder.embed_query("We are hiring a volunteer manager"))   # doctest: +SKIP
    'institutions'
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydantic import Field

from assistant.indexing.embedder import Embedder
from assistant.understanding.examples import ExampleSet, load_examples_file
from assistant.understanding.nearest import LabelledVectors

EXAMPLES_FILE = "usecases.yaml"


class UserGroupExamples(ExampleSet):
    groups: dict[str, tuple[str, ...]] = Field(min_length=2)

    def pairs(self) -> list[tuple[str, str]]:
        return [(t, g) for g, texts in self.groups.items() for t in texts]


class UserGroups:
    """Embeds its examples once; :meth:`of` names the group nearest to a message's vector."""

    def __init__(self, embedder: Embedder, examples: UserGroupExamples) -> None:
        self._examples = LabelledVectors.of(examples.groups, embedder.embed)

    @classmethod
    def from_prompts(cls, embedder: Embedder, prompts_dir: Path) -> UserGroups:
        examples = load_examples_file(Path(prompts_dir) / EXAMPLES_FILE, UserGroupExamples, "user group examples",
                                      "assistant/understanding/groups.py")
        return cls(embedder, examples)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self._examples.labels))

    def of(self, vector: np.ndarray) -> str:
        return self._examples.nearest(vector)[0]
