"""``prompts/coverage-examples.yaml``: sentences as data for reading items of a set (courses, sessions, roles).

Per column (a published category, or D) example sentences the way syllabi, session abstracts and role
duties are written, and sentences for items that serve nothing (breaks, logistics, paperwork). They are
extra prototypes for the posting matcher's nearest-prototype scoring; the "none" ones give a line a
place to land that is no competency. Written by us (project guidance, never framework text) and tuned on
the dev split only.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.understanding.examples import load_examples_file

EXAMPLES_FILE = "coverage-examples.yaml"


class CoverageExamples(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = Field(ge=1)
    columns: dict[str, tuple[str, ...]]
    none: tuple[str, ...] = ()


def load_coverage_examples(prompts_dir: Path) -> CoverageExamples:
    return load_examples_file(Path(prompts_dir) / EXAMPLES_FILE, CoverageExamples, "coverage examples",
                              "assistant/coverage/examples.py")
