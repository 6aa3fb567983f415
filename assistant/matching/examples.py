"""The example lines the posting matcher learns from: ``prompts/matching/examples.yaml``, validated on load.

    id: matching-examples
    version: 1
    duties: {A.4: ["Manage the department budget ...", ...], ..., D: [...]}   # prototypes per item
    levels: {1: [...], 2: [...], 3: [...]}            # scope: own work / the institution / the ISL field
    general_levels: {1: [...], 2: [...], 3: [...]}    # General Expertise (D): complexity, then fostering
    uncovered: ["Bachelor's degree ... required.", ...]  # requirements the framework does not describe

Project judgment written from the category descriptions and the framework's level pattern (dev data only;
the leak guard checks no test wording is copied in). It is never shown to users as framework content.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from assistant.understanding.examples import ExampleSet, load_examples_file

EXAMPLES_FILE = Path("matching") / "examples.yaml"
LEVELS = (1, 2, 3)


class MatchingExamples(ExampleSet):
    duties: dict[str, tuple[str, ...]]
    levels: dict[int, tuple[str, ...]]
    general_levels: dict[int, tuple[str, ...]]
    uncovered: tuple[str, ...] = Field(min_length=3)

    @model_validator(mode="after")
    def _complete(self) -> MatchingExamples:
        for name, table in (("levels", self.levels), ("general_levels", self.general_levels)):
            self.require([str(k) for k in LEVELS], {str(k) for k, v in table.items() if v}, f"{name} level")
            extra = set(table) - set(LEVELS)
            if extra:
                raise ValueError(f"{name}: levels are 1, 2 and 3, not {sorted(extra)}")
        return self

    def pairs(self) -> list[tuple[str, str]]:
        rows = [(t, item) for item, texts in self.duties.items() for t in texts]
        rows += [(t, f"L{k}") for k, texts in self.levels.items() for t in texts]
        rows += [(t, f"D.L{k}") for k, texts in self.general_levels.items() for t in texts]
        return rows + [(t, "uncovered") for t in self.uncovered]


def load_matching_examples(prompts_dir: Path) -> MatchingExamples:
    return load_examples_file(Path(prompts_dir) / EXAMPLES_FILE, MatchingExamples, "posting matcher examples",
                              "assistant/matching/examples.py")
