"""Question in, grounded answer out: retrieve, decide, generate (with fallback to the composer).

Used by the CLI's ``ask`` and by the dialogue layer for QA turns.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace

from assistant.errors import AssistantError
from assistant.framework.models import Framework
from assistant.generation.base import (
    USE_CASE_INTENTS,
    Answer,
    Decision,
    GenerationRequest,
    Generator,
    group_guidance,
)
from assistant.generation.composer import GroundedComposer
from assistant.generation.grounding import DEFAULT_THRESHOLD, decide
from assistant.retrieval.hybrid import Filters, Hit, Retriever
from assistant.understanding.reading import Reader, Reading

log = logging.getLogger(__name__)
USE_GROUPS = 6  # the corpus's user groups (use:<group> chunks): all are ranked, the reader's one is taken


@dataclass(frozen=True)
class QAResult:
    query: str
    hits: tuple[Hit, ...]
    decision: Decision
    answer: Answer


class QAPipeline:
    def __init__(
        self,
        retriever: Retriever,
        framework: Framework,
        generator: Generator | None = None,
        *,
        k: int = 6,
        threshold: float | None = None,
        reader: Reader | None = None,
    ) -> None:
        if k <= 0:
            raise ValueError("k must be positive")
        self.retriever = retriever
        self.framework = framework
        self.composer = GroundedComposer(framework)
        self.generator: Generator = generator or self.composer
        self.k = k
        self.threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        self.reader = reader

    def read(self, text: str) -> Reading | None:
        """The turn's reading of what the person wrote (None without a reader, or for an empty text)."""
        return self.reader.read(text) if self.reader is not None and text.strip() else None

    def prepare(
        self, question: str, *, query: str | None = None, history: tuple[tuple[str, str], ...] = (),
        reading: Reading | None = None,
    ) -> GenerationRequest:
        """Retrieve and decide; ``reading`` is the turn's reading when the caller already has it."""
        q = query or question
        hits = tuple(self.retriever.search(q, k=self.k, filters=None)) if q.strip() else ()
        # the reader reads what the person wrote; retrieval searches the (possibly rewritten) query
        reading = reading if reading is not None else self.read(question)
        decision = decide(q, list(hits), self.framework, self.threshold, reading)
        if not decision.refuse:  # a decline needs no more material
            hits = hits + self._material(q, hits, reading)
        if decision.unpublished_ids and not any(h.id == "fw:unpublished" for h in hits):
            note = self.retriever.search(q + " parts of the framework not in this corpus", k=8, filters=Filters.of(kinds=["note"]))
            hits = hits + tuple(h for h in note if h.id == "fw:unpublished")
        return GenerationRequest(question=question, hits=hits, decision=decision, history=history, query=q,
                                 intent=reading.intent if reading is not None else None,
                                 user_group=reading.user_group if reading is not None else None)

    def _material(self, query: str, hits: tuple[Hit, ...], reading: Reading | None) -> tuple[Hit, ...]:
        """What the answer's plan needs and retrieval did not bring, retrieved for the same query: the level
        statements of a category or domain that is the best hit (an answer about it states its levels, each
        cited by its own id), and for a use case the guidance for the user group the reader reads it is about
        (else the group guidance closest to the query)."""
        out: list[Hit] = []
        have = {h.id for h in hits}
        if hits and hits[0].chunk.kind in ("category", "domain"):
            top = hits[0].chunk
            filters = (Filters.of(kinds=["level"], categories=[top.category or ""]) if top.kind == "category"
                       else Filters.of(kinds=["domain_level"], domains=[top.domain or ""]))
            out += [h for h in self.retriever.search(query, k=3, filters=filters) if h.id not in have]
        if reading is not None and reading.intent in USE_CASE_INTENTS:
            guide = group_guidance(hits, reading.user_group)
            if guide is None or (reading.user_group and guide.id != f"use:{reading.user_group}"):
                ranked = self.retriever.search(query, k=USE_GROUPS, filters=Filters.of(kinds=["use"]))
                best = group_guidance(ranked, reading.user_group)
                out += [best] if best is not None and best.id not in have else []
        return tuple(out)

    def run(self, request: GenerationRequest) -> Answer:
        """Generate with the configured backend; on its failure fall back to the composer, flagged."""
        if request.decision.refuse or self.generator is self.composer:
            return self.composer.generate(request)
        try:
            return self.generator.generate(request)
        except AssistantError as exc:
            log.warning("generator %s failed (%s): falling back to the composer", self.generator.name, exc)
            ans = self.composer.generate(request)
            return replace(ans, flags=ans.flags | {"fallback"})

    def stream(self, request: GenerationRequest) -> Iterator[str | Answer]:
        gen = self.composer if (request.decision.refuse or not self.generator.can_stream) else self.generator
        try:
            yield from gen.stream(request)
        except AssistantError as exc:
            log.warning("generator %s failed mid-stream (%s): falling back", gen.name, exc)
            ans = self.composer.generate(request)
            yield "\n\n" + ans.text
            yield replace(ans, flags=ans.flags | {"fallback"})

    def ask(self, question: str, *, query: str | None = None) -> QAResult:
        req = self.prepare(question, query=query)
        return QAResult(query or question, req.hits, req.decision, self.run(req))
