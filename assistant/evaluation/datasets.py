"""Typed loaders for the evaluation datasets in ``evals/`` (questions, hostile requests).

Every record carries ``split: dev | test``. ``dev`` records are for tuning and calibration; ``test``
records are held out: read their failures to find a broken mechanism, never tune on them. Loaders take
the split to keep, and a path may be a folder, whose ``*.jsonl`` files are read in name order.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.evaluation.suites import SPLITS, Split, SuiteError

Decline = Literal["offtopic", "discriminatory", "injection"]


class Question(BaseModel):
    """One chat question of ``evals/retrieval/*.jsonl``; ``history`` holds earlier user turns, oldest first."""

    model_config = ConfigDict(extra="forbid")

    id: str
    split: Split
    question: str
    history: list[str] = Field(default_factory=list)
    expected: list[str] = Field(default_factory=list)
    answerable: bool
    topic: str = ""
    decline: Decline | None = None

    @property
    def should_refuse(self) -> bool:
        """Refusal is right for a request to decline, and when nothing in the corpus bears on it.

        An unanswerable question *about* the framework (a part the corpus does not hold) expects the
        ``fw:unpublished`` note, i.e. an honest "not in our sources" answer, not a refusal.
        """
        return self.decline is not None or (not self.answerable and not self.expected)


class HostileRequest(BaseModel):
    """One request of the robustness set and the status it must get."""

    model_config = ConfigDict(extra="forbid")

    id: str
    split: Split
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


def dataset_files(path: Path, pattern: str) -> list[Path]:
    """``path`` itself, or the files in the folder ``path`` that match ``pattern``, in name order."""
    if path.is_dir():
        files = sorted(path.glob(pattern))
        if not files:
            raise SuiteError(f"{path} holds no {pattern} files.")
        return files
    return [path]


def load_questions(path: Path, limit: int | None = None, split: Split | None = None) -> list[Question]:
    """The questions of a file or folder, of one split (None: both), the first ``limit`` of each split."""
    out: list[Question] = []
    seen: set[str] = set()
    for file in dataset_files(path, "*.jsonl"):
        for n, line in enumerate(_read(file).splitlines(), start=1):
            if not line.strip():
                continue
            try:
                q = Question.model_validate(json.loads(line))
            except (json.JSONDecodeError, ValidationError) as exc:
                raise SuiteError(f"{file}:{n}: not a valid question: {exc}") from exc
            if q.id in seen:
                raise SuiteError(f"{file}:{n}: question id {q.id!r} is used twice.")
            seen.add(q.id)
            out.append(q)
    if not out:
        raise SuiteError(f"{path} holds no questions.")
    kept = [q for q in out if split is None or q.split == split]
    if limit:
        kept = [q for s in SPLITS for q in [x for x in kept if x.split == s][:limit]]
    return kept


def load_hostile_requests(path: Path, split: Split | None = None) -> list[HostileRequest]:
    try:
        data = yaml.safe_load(_read(path)) or {}
        rows = [HostileRequest.model_validate(row) for row in data.get("requests", [])]
    except (yaml.YAMLError, ValidationError, AttributeError) as exc:
        raise SuiteError(f"{path}: not a valid robustness set: {exc}") from exc
    return [r for r in rows if split is None or r.split == split]


def require_dev(records: Sequence[Any], what: str) -> None:
    """Calibration and tuning take dev records only: raise when a test record is among ``records``."""
    held_out = [str(getattr(r, "id", r)) for r in records if getattr(r, "split", None) != "dev"]
    if held_out:
        raise SuiteError(f"{what} is calibrated on dev records only; refusing {len(held_out)} other record(s): "
                         f"{', '.join(held_out[:5])}", hint="Pass split='dev' when loading the records.")
