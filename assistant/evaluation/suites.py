"""Suite definitions: which metric families run, on which datasets, with which generator.

A suite is a YAML file in ``evals/suites/`` validated by :class:`SuiteSpec` (``extra="forbid"``, so a
misspelt key fails loudly instead of being ignored)::

    name: composer
    description: Everything offline, answers written by the grounded composer.
    generator: composer            # or "configured": the LLM backend of the settings
    families: [retrieval, citations, groundedness, refusal, matching, coaching, robustness]
    datasets:
      questions: retrieval/questions.jsonl      # paths relative to evals/
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import InputError

Family = Literal[
    "retrieval", "citations", "groundedness", "refusal", "matching", "coaching", "conversations", "coverage",
    "robustness", "judge",
]
FAMILIES: tuple[str, ...] = get_args(Family)
QA_FAMILIES = frozenset({"citations", "groundedness", "refusal", "judge"})


Split = Literal["dev", "test"]
SPLITS: tuple[Split, ...] = get_args(Split)  # dev tunes and calibrates; test is held out


class SuiteError(InputError):
    """A suite file is missing, unknown or invalid."""

    code = "suite_invalid"


class Datasets(BaseModel):
    """Dataset paths relative to the evals folder."""

    model_config = ConfigDict(extra="forbid")

    questions: str = "retrieval"
    postings: str = "postings"
    personas: str = "coaching/personas.yaml"
    conversations: str = "coaching"
    coverage: str = "coverage"
    robustness: str = "suites/data/robustness.yaml"


class SuiteSpec(BaseModel):
    """One suite: a name, the generator whose answers are judged, the families and their datasets."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,40}$")
    description: str = ""
    generator: Literal["composer", "configured"] = "composer"
    families: list[Family] = Field(min_length=1)
    datasets: Datasets = Field(default_factory=Datasets)
    retrieval_k: int = Field(default=10, ge=1, le=50, description="depth of the retrieval metrics")
    limit: int | None = Field(default=None, ge=1, description="use only the first N questions of each split")
    splits: list[Split] = Field(
        default_factory=lambda: list(SPLITS), min_length=1,
        description="the splits to run, each reported on its own (dev tunes, test is held out)")


def suites_dir(evals_dir: Path) -> Path:
    return evals_dir / "suites"


def load_suite_file(path: Path) -> SuiteSpec:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SuiteError(f"Cannot read suite file {path}: {exc}") from exc
    try:
        spec = SuiteSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "file"
        raise SuiteError(f"{path}: {where}: {first.get('msg')}", hint="See assistant/evaluation/suites.py.") from exc
    if spec.name != path.stem:
        raise SuiteError(f"{path}: name {spec.name!r} must match the file name {path.stem!r}.")
    return spec


def load_suites(evals_dir: Path) -> dict[str, SuiteSpec]:
    """Every suite in ``evals/suites/*.yaml``, by name, sorted."""
    folder = suites_dir(evals_dir)
    if not folder.is_dir():
        raise SuiteError(f"No suites folder at {folder}.", hint="Create evals/suites/<name>.yaml.")
    return {p.stem: load_suite_file(p) for p in sorted(folder.glob("*.yaml"))}


def select_suites(evals_dir: Path, name: str | None) -> list[SuiteSpec]:
    """The named suite, or every suite when ``name`` is None."""
    suites = load_suites(evals_dir)
    if name is None:
        return list(suites.values())
    if name not in suites:
        raise SuiteError(f"No suite named {name!r}.", hint=f"Known suites: {', '.join(suites) or 'none'}.")
    return [suites[name]]
