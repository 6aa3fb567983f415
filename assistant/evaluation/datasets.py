"""Typed loaders for the evaluation datasets in ``evals/`` (questions, hostile requests)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.evaluation.suites import SuiteError


class Question(BaseModel):
    """One line of ``evals/retrieval/questions.jsonl``."""

    model_config = ConfigDict(extra="forbid")

    id: str
    question: str
    expected: list[str] = Field(default_factory=list)
    answerable: bool
    topic: str = ""

    @property
    def should_refuse(self) -> bool:
        """Refusal is right only when nothing in the corpus bears on it (no expected ids at all).

        An unanswerable question *about* the framework (a part the corpus does not hold) expects the
        ``fw:unpublished`` note, i.e. an honest "not in our sources" answer, not a refusal.
        """
        return not self.answerable and not self.expected


class HostileRequest(BaseModel):
    """One request of the robustness set and the status it must get."""

    model_config = ConfigDict(extra="forbid")

    id: str
    method: Literal["GET", "POST", "PUT", "DELETE"] = "POST"
    path: str
    json_body: Any = Field(default=None, alias="json")
    raw: str | None = Field(default=None, description="a raw body sent as is (e.g. invalid JSON)")
    repeat: dict[str, Any] | None = Field(default=None, description="{field, text, times}: a long message")
    headers: dict[str, str] = Field(default_factory=dict)
    expected_status: int = Field(ge=100, le=599)

    def body(self) -> tuple[bytes | None, Any]:
        """(raw bytes, json) to send; at most one is not None."""
        if self.raw is not None:
            return self.raw.encode("utf-8"), None
        if self.repeat is not None:
            return None, {self.repeat["field"]: str(self.repeat["text"]) * int(self.repeat["times"])}
        return None, self.json_body


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SuiteError(f"Cannot read dataset {path}: {exc}") from exc


def load_questions(path: Path, limit: int | None = None) -> list[Question]:
    out: list[Question] = []
    for n, line in enumerate(_read(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append(Question.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise SuiteError(f"{path}:{n}: not a valid question: {exc}") from exc
    if not out:
        raise SuiteError(f"{path} holds no questions.")
    return out[:limit] if limit else out


def load_hostile_requests(path: Path) -> list[HostileRequest]:
    try:
        data = yaml.safe_load(_read(path)) or {}
        return [HostileRequest.model_validate(row) for row in data.get("requests", [])]
    except (yaml.YAMLError, ValidationError, AttributeError) as exc:
        raise SuiteError(f"{path}: not a valid robustness set: {exc}") from exc
