"""The default reader: intent from the classifier on the message's embedding, items from the id grammar.

    >>> reader = EmbeddingReader(embedder, model, framework)          # doctest: +SKIP
    >>> reader.read("what's the weather in Denver tomorrow?").intent   # doctest: +SKIP
    'offtopic'

The message is embedded with ``embed_query``: the same cached vector retrieval uses, so a turn embeds its
message once. A message of several sentences also has its sentences read, in one batch (at most
:data:`MAX_SENTENCES`), for the intents declined whenever one sentence is one (see ``Reading.strongest``).
"""

from __future__ import annotations

from typing import Any

from assistant.framework.models import Framework
from assistant.indexing.embedder import Embedder
from assistant.retrieval.cues import find_cues
from assistant.understanding.classifier import IntentModel
from assistant.understanding.reading import INTENTS, Reading
from assistant.understanding.text import split_sentences

MAX_SENTENCES = 32
ANY_SENTENCE = ("injection", "discriminatory")


class EmbeddingReader:
    name = "embedding"

    def __init__(self, embedder: Embedder, model: IntentModel, framework: Framework) -> None:
        unknown = [c for c in model.classes if c not in INTENTS]
        if unknown:
            raise ValueError(f"the classifier knows intents the reader does not: {', '.join(unknown)}")
        if model.coef.shape[1] != embedder.dim:
            raise ValueError(f"classifier dim {model.coef.shape[1]} != embedder dim {embedder.dim}")
        self.embedder = embedder
        self.model = model
        self.framework = framework

    def read(self, message: str, context: dict[str, Any] | None = None) -> Reading:
        probs = self.model.probabilities(self.embedder.embed_query(message))[0]
        scores = {c: float(p) for c, p in zip(self.model.classes, probs, strict=True)}
        top = max(scores, key=scores.__getitem__)
        best = next(i for i in INTENTS if i == top)  # the typed name of the top class
        strongest = {i: scores.get(i, 0.0) for i in ANY_SENTENCE}
        sentences = split_sentences(message)[:MAX_SENTENCES]
        if len(sentences) > 1:
            per = self.model.probabilities(self.embedder.embed(sentences))
            for i in ANY_SENTENCE:
                if i in self.model.classes:
                    strongest[i] = max(strongest[i], float(per[:, self.model.classes.index(i)].max()))
        cues = find_cues(message, self.framework)
        return Reading(best, scores[best], scores, strongest, ids=tuple(cues.ids),
                       categories=tuple(cues.categories), domains=tuple(cues.domains), levels=tuple(cues.levels),
                       reader=self.name)
