"""``prompts/coverage-examples.yaml``: sentences as data for reading items of a set (courses, sessions, roles).

Per column (a published category, or D) example sentences the way syllabi, session abstracts and role
duties are written, and sentences for items that serve nothing (breaks, logistics, paperwork). They are
extra prototypes for the posting matcher's nearest-prototype scoring; the "none" ones give a line a
place to land that is no competency. Written by us (project guidance, never framework text) and tuned on
the dev split only.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.understanding.examples import ExamplesError

EXAMPLES_FILE = "coverage-examples.yaml"


class CoverageExamples(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = Field(ge=1)
    columns: dict[str, tuple[str, ...]]
    none: tuple[str, ...] = ()


def load_coverage_examples(prompts_dir: Path) -> CoverageExamples:
    path = Path(prompts_dir) / EXAMPLES_FILE
    try:
        return CoverageExamples.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise ExamplesError(f"Cannot read the coverage examples {path}: {exc}",
                                    hint=f"Restore prompts/{EXAMPLES_FILE} from the repository.") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise ExamplesError(f"{path} is not a valid coverage examples file: {exc}",
                                    hint="See assistant/coverage/examples.py for the format.") from exc
