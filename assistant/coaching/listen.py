"""What a person's message says, sentence by sentence, whatever the coach had asked.

People do not answer a form: one message gives a role and a story, the next a self-rating the coach has not
asked for yet, a third the time they have and a question about the framework. The :class:`Listener` splits a
message into sentences and labels each with an *act* (``about_me``, ``story``, ``self_rating``, ``goal``,
``not_my_job``, ``time``, ``budget``, ``schedule``, ``format`` (a way of learning they like),
``format_avoid`` (one they do not want), ``question``, ``digression``, ``defer``,
``plan_request``, ``plan_revision``, ``small_talk``). The labels come from a logistic regression on the
frozen sentence vectors, trained on the example sentences in ``prompts/coaching/acts.yaml`` (examples as
data, written by the project; dev only) and stored beside the index like the reader's classifier.

Patterns read only what is a grammar rather than a meaning: the amount of time in a time sentence
("2 hours a week", "an hour a fortnight", number words read by ``number-parser``) and the levels, both by
the grammar in :mod:`assistant.understanding.text`. When a sentence's most probable act falls short of the
threshold, that grammar can still bear it out: a self-rating that states a level, a time that states an amount.

    >>> listener = Listener(embedder, acts_model)                           # doctest: +SKIP
    >>> [s.act for s in listener.hear("I can give this 2 hours a week. Mentoring suits me.").sentences]
    ['time', 'format']                                                       # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

import numpy as np
from pydantic import Field, model_validator

from assistant.coaching.answers import parse_level
from assistant.indexing.embedder import Embedder
from assistant.understanding.classifier import IntentModel, load_or_train, train
from assistant.understanding.examples import ExampleSet, IntentExamplesOf, load_examples_file
from assistant.understanding.text import amounts, has_phrase, split_sentences

Act = Literal[
    "about_me", "story", "self_rating", "goal", "not_my_job", "time", "budget", "schedule", "format",
    "format_avoid", "question", "digression", "defer", "plan_request", "plan_revision", "small_talk",
]
ACTS: tuple[Act, ...] = get_args(Act)
CONSTRAINT_ACTS: tuple[Act, ...] = ("time", "budget", "schedule", "format", "format_avoid")
ACTS_FILE = Path("coaching") / "acts.yaml"
ACTS_MODEL = "acts"  # file stem of the stored classifier beside the index
MAX_SENTENCES = 12
# The classifier's inverse regularisation, and the probability a sentence's most probable act needs to count;
# below it the sentence is "unclear" and the flow reads it as an answer to the pending question. Chosen on
# the dev coaching conversations: benchmarks/calibrate_acts.py puts C=4 at 0.45 within 0.02 F1 (acts found
# per turn) of its best, C=64 at 0.65; played end to end, C=4 asks for known things less often (0.106 of
# questions against 0.136) and C=64 covers more expected areas (0.690 against 0.643). Not asking again is
# what this listener is for, so C=4.
ACTS_C = 4.0
ACT_THRESHOLD = 0.45
# How much likelier the acts that answer the pending question are than the classifier alone says.
ANSWER_PRIOR = 1.5


class ActExamples(ExampleSet):
    """Example sentences per act, and the hedging words that soften a self-rating ("maybe", "perhaps")."""

    acts: dict[Act, IntentExamplesOf]
    hedges: list[str] = Field(default_factory=list)
    negations: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _all_acts(self) -> ActExamples:
        self.require(ACTS, self.acts, "act")
        return self

    def pairs(self) -> list[tuple[str, str]]:
        return [(t, a) for a, block in self.acts.items() for t in block.examples]


def load_acts(prompts_dir: Path) -> ActExamples:
    return load_examples_file(Path(prompts_dir) / ACTS_FILE, ActExamples, "coaching act examples",
                              "assistant/coaching/listen.py")


@dataclass(frozen=True)
class HeardSentence:
    text: str
    act: Act | None  # None: no act is probable enough
    confidence: float


@dataclass(frozen=True)
class Heard:
    """The sentences of one message with their acts, in order."""

    text: str
    sentences: tuple[HeardSentence, ...]

    def of(self, *acts: Act) -> list[str]:
        """The sentences labelled with one of ``acts``, in order."""
        return [s.text for s in self.sentences if s.act in acts]

    @property
    def acts(self) -> set[Act]:
        return {s.act for s in self.sentences if s.act is not None}

    @property
    def unclear(self) -> bool:
        return not self.acts


class Listener:
    """Labels the sentences of a message with coaching acts (one batch of embeddings a message)."""

    def __init__(self, embedder: Embedder, model: IntentModel, hedges: tuple[str, ...] = (),
                 threshold: float = ACT_THRESHOLD, negations: tuple[str, ...] = ()) -> None:
        model.check_fits(ACTS, embedder.dim, "acts")
        self.embedder = embedder
        self.model = model
        self.hedges = tuple(h.lower() for h in hedges)
        self.negations = tuple(n.lower() for n in negations)
        self.threshold = threshold

    @classmethod
    def from_paths(cls, embedder: Embedder, prompts_dir: Path, index_dir: Path | None) -> Listener:
        """The listener with its classifier stored beside the index (trained in memory without an index dir)."""
        examples = load_acts(prompts_dir)
        if index_dir is None:
            model = train(examples, embedder, c=ACTS_C)
        else:
            model = load_or_train(index_dir, examples, embedder, c=ACTS_C, name=ACTS_MODEL)
        return cls(embedder, model, tuple(examples.hedges), negations=tuple(examples.negations))

    def hear(self, text: str, expect: frozenset[Act] = frozenset()) -> Heard:
        """The acts of ``text``'s sentences; ``expect`` are the acts that answer the question just asked,
        made :data:`ANSWER_PRIOR` times likelier (a reply usually answers what was asked)."""
        pieces = split_sentences(text)[:MAX_SENTENCES]
        if not pieces:
            return Heard(text, ())
        probs = self.model.probabilities(self.embedder.embed(pieces))
        if expect:
            weights = np.array([ANSWER_PRIOR if c in expect else 1.0 for c in self.model.classes])
            probs = probs * weights
            probs = probs / probs.sum(axis=1, keepdims=True)
        out = []
        for piece, row in zip(pieces, probs, strict=True):
            best = int(row.argmax())
            name = self.model.classes[best]
            act = next((a for a in ACTS if a == name), None)
            if act is not None and row[best] < self.threshold and not _confirmed(act, piece):
                act = None
            out.append(HeardSentence(piece, act, float(row[best])))
        return Heard(text, tuple(out))

    def hedged(self, sentence: str) -> bool:
        """Whether a self-rating sentence softens its level ("maybe", "edging into")."""
        return has_phrase(sentence, self.hedges)

    def negated(self, sentence: str) -> bool:
        """Whether a sentence about ways of learning turns something down ("no conferences", "never online"):
        sentence vectors barely tell "mentors" from "no mentors", so a preference read with a negation word is
        taken as a refusal; a refusal wrongly read drops a mode, a preference wrongly read would impose one."""
        return has_phrase(sentence, self.negations)


def _confirmed(act: Act, sentence: str) -> bool:
    """A less probable act still counts when the sentence's grammar bears it out: a rating that states a level,
    a time that states an amount."""
    if act == "self_rating":
        return parse_level(sentence).level is not None
    if act == "time":
        return read_time(sentence) is not None
    return False


# ------------------------------------------------------------------ amounts of time

_PER_WEEK = {"day": 5.0, "weekday": 5.0, "week": 1.0, "fortnight": 0.5, "month": 12 / 52}


@dataclass(frozen=True)
class TimeBudget:
    hours: float
    per: str  # "week", "month", ... as said; "" when the period was not said

    @property
    def hours_a_week(self) -> float | None:
        return self.hours * _PER_WEEK[self.per] if self.per in _PER_WEEK else None


def read_time(sentence: str) -> TimeBudget | None:
    """The amount of time a sentence offers: "maybe 2 hours a week", "an hour or two a month", "30 min a day"."""
    for a in amounts(sentence):
        if a.unit.startswith("h") or a.unit.startswith("min"):
            hours = a.value / 60 if a.unit.startswith("min") else a.value
            return TimeBudget(round(hours, 2), a.per.removesuffix("s"))
    return None
