"""Required level (1-3) of an evidence line for a framework item, learned from examples, not phrase rules.

The framework's levels widen in scope: Level 1 is one's own area of work (or knowing and following one's
own institution), Level 2 the institution (manage, develop, shape), Level 3 the ISL field. General
Expertise (D) grows instead with how complex or difficult the work is, and at Level 3 with fostering the
skills across an institution and the field. Two logistic regressions on the frozen sentence vectors read
that: one for the categories (trained on ``levels`` in ``prompts/matching/examples.yaml``, every published
level statement of the categories and of domains A-C, and the corpus's practice examples of them), one for
D (``general_levels``, D's statements and practice examples). Items whose higher statements the corpus
does not hold (B.2, C.2) are capped at their highest published level by the engine, never here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from assistant.framework.models import Framework, PracticeExample
from assistant.indexing.embedder import Embedder
from assistant.matching.examples import LEVELS, MatchingExamples

GENERAL = "D"
# inverse regularisation of both regressions, and the least probability of "this level or higher" that
# lifts a line to Level 3 and to Level 2: postings ask for Level 1 most often, and one line read too high
# raises the whole item, so a higher level must be likely, not merely the likeliest. Chosen on the dev
# postings (level accuracy): benchmarks/calibrate_matching.py; coverage sets its own (Thresholds). Dev
# reads 0.803 with a Level 2 bar of 0.85 and 0.787 with 0.80; 0.85 reads plain Level 2 duties ("Supervise
# and hire program staff", P = 0.84) as Level 1, so 0.80.
C, AT_LEAST_3, AT_LEAST_2 = 16.0, 0.8, 0.8


def _rows(framework: Framework, practice: Sequence[PracticeExample], examples: MatchingExamples,
          general: bool) -> tuple[list[str], list[int]]:
    """(texts, levels): the example lines, the published level statements and the practice examples of the
    categories and domains A-C, or (``general``) of General Expertise (D)."""
    texts: list[str] = []
    levels: list[int] = []
    table = examples.general_levels if general else examples.levels
    for level, lines in table.items():
        texts += lines
        levels += [level] * len(lines)
    for dom in framework.domains:
        if (dom.id == GENERAL) != general:
            continue
        statements = [*dom.levels, *(s for cat in dom.categories for s in cat.levels if s.complete)]
        texts += [s.statement for s in statements]
        levels += [s.level for s in statements]
    for ex in practice:
        if (ex.statement[0] == GENERAL) == general:
            texts.append(ex.text)
            levels.append(int(ex.statement[-1]))
    return texts, levels


class _Group:
    def __init__(self, texts: list[str], levels: list[int], embedder: Embedder, c: float) -> None:
        self.vectors = embedder.embed(texts)
        self.clf = LogisticRegression(C=c, max_iter=2000).fit(self.vectors, np.asarray(levels))
        self.columns = [int(k) - 1 for k in self.clf.classes_]

    def proba(self, vectors: np.ndarray) -> np.ndarray:
        """(lines x 3) probability of Levels 1, 2 and 3."""
        out = np.zeros((len(vectors), len(LEVELS)))
        out[:, self.columns] = self.clf.predict_proba(vectors)
        return out


class LevelModel:
    """Reads the level a duty line asks for; build once per matcher (it embeds its examples)."""

    def __init__(self, framework: Framework, embedder: Embedder, examples: MatchingExamples,
                 practice: Sequence[PracticeExample] = (), *, c: float = C) -> None:
        self._scope = _Group(*_rows(framework, practice, examples, general=False), embedder, c)
        self._general = _Group(*_rows(framework, practice, examples, general=True), embedder, c)

    def levels(self, item: str, vectors: np.ndarray, at_least_3: float = AT_LEAST_3,
               at_least_2: float = AT_LEAST_2) -> list[int]:
        """The level each line (by its sentence vector) points to for ``item`` (a category id or "D"): 3 when
        Level 3 has at least ``at_least_3`` of the probability, else 2 when Levels 2 and 3 together have at
        least ``at_least_2``, else 1."""
        if not len(vectors):
            return []
        p = (self._general if item == GENERAL else self._scope).proba(vectors)
        return [3 if p3 >= at_least_3 else 2 if p2 + p3 >= at_least_2 else 1 for _, p2, p3 in p]
