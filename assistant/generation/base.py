"""Typed values shared by every generator backend, and the ``Generator`` protocol.

A backend declares what it can do as attributes (``can_stream``, ``needs_network``) rather than
callers checking its type.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from assistant.retrieval.hybrid import Hit

DecisionKind = Literal["answer", "offtopic", "unpublished", "injection", "discriminatory", "greeting", "empty"]


@dataclass(frozen=True)
class Citation:
    id: str
    title: str
    kind: str


@dataclass(frozen=True)
class Decision:
    """What the grounding check concluded before any text is written."""

    kind: DecisionKind
    reason: str
    best_dense: float = 0.0
    unpublished_ids: tuple[str, ...] = ()
    focus_ids: tuple[str, ...] = ()

    @property
    def refuse(self) -> bool:
        return self.kind in {"offtopic", "injection", "discriminatory", "empty"}


# Intents whose answer ends with the guidance for the user group the question is about: a use of the
# framework (PD for a team, a curriculum, a conference) and a role to hire or describe (institutions' use)
USE_CASE_INTENTS = frozenset({"usecase", "role"})


def group_guidance(hits: Iterable[Hit], user_group: str | None) -> Hit | None:
    """A use case's user-group guidance among ``hits``: the ``use:`` chunk of the reader's group, else the
    best-ranked ``use:`` chunk (None without one)."""
    uses = [h for h in hits if h.chunk.kind == "use"]
    return next((h for h in uses if h.id == f"use:{user_group}"), uses[0] if uses else None)


@dataclass(frozen=True)
class GenerationRequest:
    question: str
    hits: tuple[Hit, ...]
    decision: Decision
    history: tuple[tuple[str, str], ...] = ()  # (role, text), oldest first
    query: str = ""  # what retrieval searched: the question, or a follow-up rewritten against its topic
    intent: str | None = None  # what the reader read the question as (placement, level, howto, ...), if it ran
    user_group: str | None = None  # whose use of the framework a use case is about (individuals, institutions, ...)


@dataclass(frozen=True)
class Answer:
    text: str
    citations: tuple[Citation, ...]
    refused: bool
    generator: str
    model: str | None = None
    prompt_id: str | None = None
    prompt_version: str | None = None
    flags: frozenset[str] = field(default_factory=frozenset)


@runtime_checkable
class Generator(Protocol):
    """Writes an answer from retrieved hits; cites only ids that were retrieved."""

    name: str
    model: str | None
    can_stream: bool
    needs_network: bool

    def generate(self, request: GenerationRequest) -> Answer: ...

    def stream(self, request: GenerationRequest) -> Iterator[str | Answer]:
        """Yield text pieces as they are written, then the final :class:`Answer` as the last item."""
        ...
