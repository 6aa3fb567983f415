"""What a short reply means, by its nearest labelled example: the examples are data, the model the judge.

``prompts/coaching/senses.yaml`` holds, per question the coach asks of a reply, labelled example replies:
``replies`` ("I don't know", "no", a filler word, a question about the question, a change of subject,
abuse, "stop"), ``progress`` (done, started, not started, dropped), ``new_to_field`` ("I just started"),
``scopes`` (a goal about the field or about one's own institution) and ``institutions`` (the types of
institution, as the ASTC pages list them, with the ways people name them; ``not_institutions`` are job
titles and subjects that sit near them in meaning but name no workplace). A reply takes the label of its
nearest example (cosine of all-MiniLM-L6-v2 vectors) when that example is at least the group's threshold
close, and no contrast example (``answer``, ``other``) is closer. The listener
(:mod:`assistant.coaching.listen`) labels each sentence of a message with a coaching act; these read a whole
short reply, also when the flow has no listener (the questionnaire).

Institutions are named inside a sentence ("keeper at the city zoo"): the sentence's short word runs
(up to :data:`PHRASE_WORDS` words) are compared with the names, so the rest of the sentence does not
drown the name.

    >>> senses = Senses.from_path(embedder, senses_path(prompts_dir))     # doctest: +SKIP
    >>> senses.reply("no idea, sorry"), senses.progress("halfway there")   # doctest: +SKIP
    ('dont_know', 'in_progress')
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.coaching.assess import cached_embed
from assistant.indexing.embedder import Embedder
from assistant.understanding.examples import load_examples_file
from assistant.understanding.nearest import LabelledVectors
from assistant.understanding.text import words_of

ReplySense = Literal["dont_know", "no", "filler", "clarify", "digression", "abuse", "stop"]
ProgressStatus = Literal["done", "in_progress", "not_started", "dropped", "noted"]
Scope = Literal["field", "institution"]
PROGRESS_STATUSES: tuple[ProgressStatus, ...] = get_args(ProgressStatus)
SENSES_FILE = Path("coaching") / "senses.yaml"

# How close (cosine) a reply's nearest example must be, per group. Checked with tests/coaching/test_senses.py
# and the dev coaching conversations: ordinary answers stay under these against the labels they are not (the
# contrast examples catch most of them first). For replies, 0.55 left one dev request for clarification
# (0.549) read as an answer; 0.52 reads it, and asked_known, plan_coverage and constraints_shown on dev are
# no worse than with the regex rules this replaced.
REPLY_MATCH = 0.52
PROGRESS_MATCH = 0.45
NEW_MATCH = 0.55
SCOPE_MATCH = 0.40
INSTITUTION_MATCH = 0.62
PHRASE_WORDS = 4  # the longest run of words compared with an institution's names
PHRASE_SPAN = 40  # words of a text searched for an institution's name (a workplace is said early)
MAX_REPLY_WORDS = 14  # a longer message is an answer, whatever it starts with


class SenseExamples(BaseModel):
    """The labelled example replies; ``answer`` and ``other`` are contrasts, never returned."""

    model_config = ConfigDict(extra="forbid")

    id: str
    version: int | str
    description: str = ""
    replies: dict[ReplySense | Literal["answer"], list[str]]
    progress: dict[ProgressStatus, list[str]]
    new_to_field: dict[Literal["new", "other"], list[str]]
    scopes: dict[Scope | Literal["other"], list[str]]
    institutions: dict[str, list[str]] = Field(min_length=1)
    # job titles and what people work with: near a type of institution in meaning, yet no workplace named
    not_institutions: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> SenseExamples:
        missing = [f"replies.{s}" for s in (*get_args(ReplySense), "answer") if not self.replies.get(s)]
        missing += [f"progress.{s}" for s in PROGRESS_STATUSES if s != "noted" and not self.progress.get(s)]
        missing += [f"scopes.{s}" for s in ("field", "institution", "other") if not self.scopes.get(s)]
        missing += [f"new_to_field.{s}" for s in ("new", "other") if not self.new_to_field.get(s)]
        missing += [f"institutions.{k}" for k, v in self.institutions.items() if not v]
        if missing:
            raise ValueError(f"no examples for: {', '.join(missing)}")
        if "noted" in self.progress:
            raise ValueError("progress.noted is what a reply is when no status is near enough: give it no examples")
        return self


def senses_path(prompts_dir: Path) -> Path:
    return Path(prompts_dir) / SENSES_FILE


def load_senses(path: Path) -> SenseExamples:
    return load_examples_file(path, SenseExamples, "coaching sense examples", "assistant/coaching/senses.py")


class Senses:
    """The groups of :class:`SenseExamples`, embedded once, asked one reply at a time."""

    def __init__(self, embedder: Embedder, examples: SenseExamples) -> None:
        self.embedder = embedder
        self.examples = examples
        def embed(texts: list[str]) -> np.ndarray:
            return cached_embed(embedder, texts)

        self._replies = LabelledVectors.of(examples.replies, embed)
        self._progress = LabelledVectors.of(examples.progress, embed)
        self._new = LabelledVectors.of(examples.new_to_field, embed)
        self._scopes = LabelledVectors.of(examples.scopes, embed)
        self._institutions = LabelledVectors.of({**examples.institutions, "": examples.not_institutions}, embed)

    @classmethod
    def from_path(cls, embedder: Embedder, path: Path) -> Senses:
        return cls(embedder, load_senses(path))

    @property
    def ref(self) -> str:
        return f"{self.examples.id}@{self.examples.version}"

    def _vector(self, text: str) -> np.ndarray:
        return cached_embed(self.embedder, [" ".join(text.split())])

    def reply(self, text: str) -> ReplySense | None:
        """What a short reply is, when it is one of the replies senses (else None: an answer)."""
        if not text.strip() or len(words_of(text)) > MAX_REPLY_WORDS:
            return None
        label, score = self._replies.nearest(self._vector(text))
        if score < REPLY_MATCH:
            return None
        return next((s for s in get_args(ReplySense) if s == label), None)

    def progress(self, text: str) -> ProgressStatus:
        """How far a step of an earlier plan got; "noted" when the reply says nothing near a status."""
        label, score = self._progress.nearest(self._vector(text))
        if score < PROGRESS_MATCH:
            return "noted"
        return next((s for s in PROGRESS_STATUSES if s == label), "noted")

    def new_to_field(self, text: str) -> bool:
        """Whether a reply about time in the field says they have only just begun."""
        label, score = self._new.nearest(self._vector(text))
        return label == "new" and score >= NEW_MATCH

    def scope(self, goal: str) -> Scope | None:
        """Whether a goal reaches beyond the person's own work: to their institution, or to the field."""
        label, score = self._scopes.nearest(self._vector(goal))
        if score < SCOPE_MATCH:
            return None
        return next((s for s in get_args(Scope) if s == label), None)

    def institution(self, text: str) -> str | None:
        """The type of institution a text names ("keeper at the city zoo" -> "zoo"), or None."""
        phrases = _phrases(text)
        if not phrases:
            return None
        # the longest run that names a type is the most specific ("children's museum" over "museum"); a run
        # nearest to a job title or a subject ("keeper", "fish") names none
        sims = cached_embed(self.embedder, phrases) @ self._institutions.vectors.T
        best: tuple[int, float, str] | None = None
        for phrase, row in zip(phrases, sims, strict=True):
            col = int(row.argmax())
            key = (len(phrase.split()), float(row[col]), self._institutions.labels[col])
            if key[2] and key[1] >= INSTITUTION_MATCH and (best is None or key[:2] > best[:2]):
                best = key
        return best[2] if best is not None else None


def _phrases(text: str) -> list[str]:
    """Every run of 1 to :data:`PHRASE_WORDS` words of ``text``, in order, without repeats."""
    w = words_of(text)[:PHRASE_SPAN]
    runs = (" ".join(w[i:i + n]) for n in range(1, PHRASE_WORDS + 1) for i in range(len(w) - n + 1))
    return list(dict.fromkeys(runs))
