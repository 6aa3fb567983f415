"""``prompts/coaching/areas.yaml``: what people say about each competency area, as data.

Per area (a published category, or a domain) sentences in a coaching chat's register: goals, struggles,
tasks and moments ("the money side scares me", "I never know which department owns what"). The coach's
:class:`~assistant.coaching.assess.CompetencyMatcher` takes them as prototypes beside the statements, the
corpus's practice examples and the bank's vocabulary, so everyday words reach the area they are about.
Written by us (project judgment, never framework text) and checked against the test split by the leak guard.

    id: coaching-areas
    version: 1
    areas:
      "A.4": ["the money side is where I'm weakest", ...]
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.understanding.examples import load_examples_file

AREAS_FILE = Path("coaching") / "areas.yaml"


class AreaExamples(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    version: int = Field(ge=1)
    areas: dict[str, tuple[str, ...]]


def load_area_examples(prompts_dir: Path) -> AreaExamples:
    return load_examples_file(Path(prompts_dir) / AREAS_FILE, AreaExamples, "coaching area examples",
                              "assistant/coaching/areas.py")
