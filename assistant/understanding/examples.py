"""The intent examples the reader learns from: ``prompts/intents.yaml``, validated on load.

    id: intents
    version: 1
    intents:
      offtopic: {description: "...", examples: ["what's the weather like", ...]}
    contrast: [{text: "...", intent: placement}]   # in-scope sentences with off-topic-sounding words

Written by the project (dev data only: no test record is ever copied in; the leak guard checks).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.errors import AssistantError
from assistant.understanding.reading import INTENTS, Intent

EXAMPLES_FILE = "intents.yaml"
M = TypeVar("M", bound=BaseModel)


class ExamplesError(AssistantError):
    """The intent examples file is missing or invalid (a deployment problem, not bad user input)."""

    code = "intent_examples_invalid"


class IntentExamplesOf(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = ""
    examples: list[str] = Field(min_length=5)


class Contrast(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    intent: Intent


class ExampleSet(BaseModel):
    """A versioned file of labelled example sentences; subclasses give ``pairs()``, the (text, label) rows a
    classifier is trained on. ``ref`` and ``content_hash`` say which examples a stored classifier learned."""

    model_config = ConfigDict(extra="forbid")

    id: str
    version: int | str
    description: str = ""

    def pairs(self) -> Sequence[tuple[str, str]]:
        raise NotImplementedError

    @staticmethod
    def require(labels: Collection[str], have: Collection[str], what: str) -> None:
        """Raise ValueError naming the ``labels`` that have no examples (a validator's check)."""
        missing = [label for label in labels if label not in have]
        if missing:
            raise ValueError(f"no examples for {what}(s): {', '.join(missing)}")

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(json.dumps(list(self.pairs()), ensure_ascii=False).encode()).hexdigest()[:16]


class IntentExamples(ExampleSet):
    """Every intent with its examples; ``pairs()`` gives (text, intent) training rows in file order."""

    intents: dict[Intent, IntentExamplesOf]
    contrast: list[Contrast] = Field(default_factory=list)

    @model_validator(mode="after")
    def _all_intents(self) -> IntentExamples:
        self.require(INTENTS, self.intents, "intent")
        return self

    def pairs(self) -> list[tuple[str, Intent]]:
        rows: list[tuple[str, Intent]] = [(t, i) for i, block in self.intents.items() for t in block.examples]
        return rows + [(c.text, c.intent) for c in self.contrast]


def load_examples_file(path: Path, model: type[M], what: str, owner: str) -> M:
    """Read and validate one examples-as-data YAML file (``what``: "intent examples"; ``owner``: the module
    that documents the format), or raise :class:`ExamplesError` saying what to do."""
    try:
        return model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise ExamplesError(f"Cannot read the {what} {path}: {exc}",
                            hint=f"Restore prompts/{path.name} from the repository.") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise ExamplesError(f"{path} is not a valid {what} file: {exc}",
                            hint=f"See {owner} for the format.") from exc


def load_examples(prompts_dir: Path) -> IntentExamples:
    return load_examples_file(Path(prompts_dir) / EXAMPLES_FILE, IntentExamples, "intent examples",
                              "assistant/understanding/examples.py")
