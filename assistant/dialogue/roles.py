"""Questions that ask what a role needs: "Which competencies matter for a volunteer coordinator?".

Retrieval answers them poorly (it finds the definition of "competencies"); the job-profile engine
answers them well (the role's typical duties through the posting matcher). This module only reads the
question: it returns the role and institution it names, or None.

Whether a message asks what a role needs is the reader's word (the ``role`` intent of
``prompts/intents.yaml``). Which role it names is read from its word runs: every run of 1 to
:data:`SPAN_WORDS` words that neither begins nor ends with an edge word ("a", "for", "new") is embedded, in
one batch, and compared with the job titles of ``prompts/roles.yaml``; a run names a role when it is at
least :data:`ROLE_MATCH` close to a title and closer to one than to any ``not_roles`` entry
("competencies", "job posting"). Of those, the closest wins, grown by the neighbouring words that
are near a title on their own (:data:`WORD_MATCH`: "senior aquarist", not "aquarist starts Monday"). The institution is the coach's
sense of a workplace (:meth:`assistant.coaching.senses.Senses.institution`) read in the rest of the question,
so "planetarium presenter" is a role and no planetarium.

    >>> roles = RoleReader.from_prompts(embedder, prompts_dir)                          # doctest: +SKIP
    >>> roles.question("I'm a floor educator at a science center. What skills do I need?", reading)  # doctest: +SKIP
    RoleQuestion(role='floor educator', institution='science center')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from assistant.coaching.assess import cached_embed
from assistant.coaching.senses import Senses, senses_path
from assistant.indexing.embedder import Embedder
from assistant.understanding.examples import load_examples_file
from assistant.understanding.reading import Reading
from assistant.understanding.text import split_sentences, words_of

ROLES_FILE = "roles.yaml"
ROLE_INTENT = "role"
# The reader's probability of the role intent that makes a message a role question. Set on the dev role
# questions of tests/dialogue/test_roles.py (see the comment there for what dev showed).
ASK_THRESHOLD = 0.30
# How close (cosine) a run of words must be to a job title to name a role; set on the same dev sentences.
ROLE_MATCH = 0.55
# A word next to the title joins it when it is itself this close to a title (and closer to one than to any
# not_roles entry): "senior aquarist", "evaluation manager", but "horticulturist" without "starts Monday".
WORD_MATCH = 0.45
SPAN_WORDS = 4  # the longest run of words read as a title ("director of visitor experience")
MAX_QUESTION_CHARS = 400  # a role question is a sentence or two; a longer text is a posting or a story
MAX_SPANS = 240  # the runs of a 400-character question, with room; bounds the one batch embedded


class RoleNames(BaseModel):
    """``prompts/roles.yaml``: job titles, the words near them that name no role, and the edge words."""

    model_config = ConfigDict(extra="forbid")

    id: str
    version: int | str
    description: str = ""
    roles: list[str] = Field(min_length=10)
    not_roles: list[str] = Field(min_length=1)
    edge_words: list[str] = Field(min_length=1)
    inner_words: list[str] = Field(default_factory=list)  # edge words a title may hold inside ("head of ...")

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"


def load_role_names(prompts_dir: Path) -> RoleNames:
    return load_examples_file(Path(prompts_dir) / ROLES_FILE, RoleNames, "role names", "assistant/dialogue/roles.py")


@dataclass(frozen=True)
class RoleQuestion:
    role: str
    institution: str | None = None


def asks_role(reading: Reading | None, threshold: float = ASK_THRESHOLD) -> bool:
    """The reader reads the message as asking what a role needs."""
    return reading is not None and reading.intent == ROLE_INTENT and reading.confidence >= threshold


class RoleReader:
    """Reads the role and institution a role question names; the titles are embedded once per process."""

    def __init__(self, embedder: Embedder, names: RoleNames, senses: Senses) -> None:
        self.embedder = embedder
        self.names = names
        self.senses = senses
        self._edges = frozenset(w for e in names.edge_words for w in words_of(e))
        self._joins = frozenset(w for e in names.inner_words for w in words_of(e))
        self._n_roles = len(names.roles)
        self._vectors = cached_embed(embedder, [*names.roles, *names.not_roles])

    @classmethod
    def from_prompts(cls, embedder: Embedder, prompts_dir: Path) -> RoleReader:
        return cls(embedder, load_role_names(prompts_dir), Senses.from_path(embedder, senses_path(prompts_dir)))

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Every run of 1 to SPAN_WORDS words inside one sentence that neither begins nor ends with an edge
        word, nor holds one inside unless it is an inner word ("head of learning"), as (start, end, words) over the message's words, first runs first."""
        out: list[tuple[int, int, str]] = []
        offset = 0
        for sentence in split_sentences(text):
            w = words_of(sentence)
            for i in range(len(w)):
                for n in range(1, SPAN_WORDS + 1):
                    if i + n > len(w):
                        break
                    inner = w[i + 1:i + n - 1]
                    if w[i] in self._edges or w[i + n - 1] in self._edges or any(
                            x in self._edges and x not in self._joins for x in inner):
                        continue
                    out.append((offset + i, offset + i + n, " ".join(w[i:i + n])))
            offset += len(w)
        return out[:MAX_SPANS]

    @lru_cache(maxsize=64)  # noqa: B019 - one reader per process; the turn and the match handler both ask
    def role(self, text: str) -> tuple[int, int, str, float] | None:
        """The run of words that names a role, as (start, end, words, cosine), or None."""
        spans = self.spans(text)
        if not spans:
            return None
        sims = self.embedder.embed([s for _, _, s in spans]) @ self._vectors.T
        to_role, to_other = sims[:, :self._n_roles].max(axis=1), sims[:, self._n_roles:].max(axis=1)
        ok = np.flatnonzero((to_role >= ROLE_MATCH) & (to_role > to_other))
        if not len(ok):
            return None
        best = int(ok[np.argmax(to_role[ok])])
        b0, b1, _ = spans[best]
        one = {spans[i][0]: i for i in range(len(spans)) if spans[i][1] - spans[i][0] == 1}

        def titled(k: int) -> bool:  # a word that can qualify a title on its own ("senior", "evaluation")
            i = one.get(k)
            return i is not None and sims[i, :self._n_roles].max() >= WORD_MATCH and to_role[i] > to_other[i]

        grown = [i for i in ok if spans[i][0] <= b0 and spans[i][1] >= b1 and all(
            titled(k) or words_of(spans[i][2])[k - spans[i][0]] in self._joins
            for k in (*range(spans[i][0], b0), *range(b1, spans[i][1])))]
        pick = max(grown, key=lambda i: (spans[i][1] - spans[i][0], float(to_role[i])))
        start, end, words = spans[pick]
        return start, end, words, float(to_role[pick])

    def question(self, text: str, reading: Reading | None) -> RoleQuestion | None:
        """The role (and institution) a short question asks the competencies of, or None."""
        if len(text) > MAX_QUESTION_CHARS or not asks_role(reading):
            return None
        found = self.role(text)
        if found is None:
            return None
        start, end, role, _ = found
        words = [w for s in split_sentences(text) for w in words_of(s)]
        rest = " ".join(words[:start] + words[end:])
        return RoleQuestion(role=role, institution=self.senses.institution(rest))
