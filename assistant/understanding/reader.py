"""The default reader: intent from the classifier on the message's embedding, items from the id grammar.

    >>> reader = EmbeddingReader(embedder, model, framework)          # doctest: +SKIP
    >>> reader.read("what's the weather in Denver tomorrow?").intent   # doctest: +SKIP
    'offtopic'

The message is embedded with ``embed_query``: the same cached vector retrieval uses, so a turn embeds its
message once. Its parts are also read, in one batch, for the intents declined whenever one part is one
(see ``Reading.strongest``): each sentence, and windows of :data:`WINDOW` words across longer sentences,
so an instruction spliced into an ordinary question ("which competencies matter for a <instruction>?")
is read on its own. At most :data:`MAX_PARTS` parts.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from assistant.framework.models import Framework
from assistant.indexing.embedder import Embedder
from assistant.retrieval.cues import find_cues
from assistant.understanding.classifier import IntentModel
from assistant.understanding.followups import FollowUps
from assistant.understanding.groups import UserGroups
from assistant.understanding.reading import INTENTS, Reading
from assistant.understanding.text import split_sentences

WINDOW, STRIDE = 7, 3
MAX_PARTS = 48
READ_CACHE = 256  # recent messages whose reading is kept (a Reading is frozen)
ANY_SENTENCE = ("injection", "discriminatory")


def parts(message: str) -> list[str]:
    """The sentences of a message and word windows over its longer sentences (none for one short sentence)."""
    sentences = split_sentences(message)
    out = list(sentences) if len(sentences) > 1 else []
    for s in sentences:
        words = s.split()
        if len(words) > WINDOW:
            out += [" ".join(words[i:i + WINDOW]) for i in range(0, len(words) - WINDOW + STRIDE, STRIDE)]
    return out[:MAX_PARTS]


class EmbeddingReader:
    name = "embedding"

    def __init__(self, embedder: Embedder, model: IntentModel, framework: Framework,
                 followups: FollowUps | None = None, groups: UserGroups | None = None) -> None:
        model.check_fits(INTENTS, embedder.dim, "intent")
        self.embedder = embedder
        self.model = model
        self.framework = framework
        self.followups = followups
        self.groups = groups

    def read(self, message: str, context: dict[str, Any] | None = None) -> Reading:
        # the chat turn, the coach and the match handler may read the same message: read it once
        return self._read(message)

    @lru_cache(maxsize=READ_CACHE)  # noqa: B019 - one reader per process, kept for its lifetime
    def _read(self, message: str) -> Reading:
        vector = self.embedder.embed_query(message)  # once: the intents, follow-ups and user groups read it
        probs = self.model.probabilities(vector)[0]
        scores = {c: float(p) for c, p in zip(self.model.classes, probs, strict=True)}
        top = max(scores, key=scores.__getitem__)
        best = next(i for i in INTENTS if i == top)  # the typed name of the top class
        strongest = {i: scores.get(i, 0.0) for i in ANY_SENTENCE}
        sentences = split_sentences(message)
        pieces = parts(message)
        spliced = 0.0
        if pieces:
            per = self.model.probabilities(self.embedder.embed(pieces))
            n_sent = len(sentences) if len(sentences) > 1 else 0
            for i in ANY_SENTENCE:
                if i in self.model.classes and n_sent:
                    strongest[i] = max(strongest[i], float(per[:n_sent, self.model.classes.index(i)].max()))
            # windows cut a sentence's context away: kept apart, for spliced instructions only (the policy
            # has its own threshold for them); as requests to discriminate, fragments mislead (measured on dev)
            if "injection" in self.model.classes and len(pieces) > n_sent:
                spliced = float(per[n_sent:, self.model.classes.index("injection")].max())
        cues = find_cues(message, self.framework)
        return Reading(best, scores[best], scores, strongest, spliced, ids=tuple(cues.ids),
                       categories=tuple(cues.categories), domains=tuple(cues.domains), levels=tuple(cues.levels),
                       reader=self.name,
                       follow_up=self.followups is not None and self.followups.leans_on_previous(message, vector),
                       user_group=self.groups.of(vector) if self.groups is not None else None)
