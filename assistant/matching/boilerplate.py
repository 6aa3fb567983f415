"""Which parts of a posting are not duties or requirements, and why: read from examples, not phrase rules.

Two signals: the *section* a line sits in (the heading above it: "About us", "Benefits", "How to apply")
and the *line* itself (an equal-opportunity statement, a salary, an application address, an organization
describing itself). Both are read by logistic regressions on the frozen sentence vectors of the example
lines in ``prompts/posting-boilerplate.yaml`` (written by us, dev split only): one for lines (a duty or
requirement, or a kind of boilerplate), one for headings (a heading that introduces the role, or a kind of
boilerplate section). The structure stays a rule a reader can check: a line inside a duties or
requirements section is dropped only for its own sake, never for its section; an organization describing
itself is dropped only before the role's first heading or in an "about" section; a posting's title is
never "job details". Returns the reason for each segment, or None when the segment should be matched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sklearn.linear_model import LogisticRegression

from assistant.indexing.embedder import Embedder
from assistant.matching.text import Segment
from assistant.understanding.examples import load_examples_file

ABOUT = "about the organization"
BENEFITS = "compensation and benefits"
EEO = "equal-opportunity statement"
APPLY = "how to apply"
DETAILS = "job details (schedule, location, status)"
PAGE = "web page text (navigation, footer)"
NOT_ENGLISH = "not in English (only English is supported)"

EXAMPLES_FILE = "posting-boilerplate.yaml"
# the line class that is matched; the heading class that opens the role's body; headings that are neither
# (a job title, the organization's or a department's name) drop nothing and open nothing
KEEP, ROLE, OTHER = "duty", "role", "other"
REASONS: dict[str, str] = {"about": ABOUT, "benefits": BENEFITS, "eeo": EEO, "apply": APPLY, "details": DETAILS,
                           "page": PAGE}
# Inverse regularisation, the least probability for a drop, and the least cosine of a confirming nearest
# example; chosen on the dev postings (category F1 and agreement with the rules this replaced).
DEFAULT_C, MIN_PROBABILITY, MIN_SIMILARITY, MIN_PROBABILITY_IN_LIST = 8.0, 0.6, 0.6, 0.9


class BoilerplateExamples(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = Field(ge=1)
    sentences: dict[str, tuple[str, ...]]
    headings: dict[str, tuple[str, ...]]

    @model_validator(mode="after")
    def _classes(self) -> BoilerplateExamples:
        for name, classes, keep in (("sentences", self.sentences, KEEP), ("headings", self.headings, ROLE)):
            unknown = set(classes) - set(REASONS) - {keep, OTHER}
            if unknown or keep not in classes or len(classes) < 2:
                raise ValueError(f"{name}: classes must include {keep!r} and some of {sorted(REASONS)}; "
                                 f"unknown: {sorted(unknown)}")
            if any(not texts for texts in classes.values()):
                raise ValueError(f"{name}: every class needs at least one example")
        return self


def load_boilerplate_examples(prompts_dir: Path) -> BoilerplateExamples:
    return load_examples_file(Path(prompts_dir) / EXAMPLES_FILE, BoilerplateExamples,
                              "posting boilerplate examples", "assistant/matching/boilerplate.py")


@dataclass(frozen=True)
class _Model:
    classes: tuple[str, ...]
    clf: LogisticRegression
    vectors: np.ndarray  # the examples, for the nearest-example check
    labels: np.ndarray

    def read(self, vectors: np.ndarray) -> list[tuple[str, float, float]]:
        """Per vector: the likeliest class, its probability, and the cosine of the nearest example of that
        class when that example is also the nearest overall (0.0 otherwise)."""
        if len(vectors) == 0:
            return []
        probs = self.clf.predict_proba(vectors)
        sims = vectors @ self.vectors.T
        nearest = sims.argmax(axis=1)
        out = []
        for i, b in enumerate(probs.argmax(axis=1)):
            k = int(self.clf.classes_[b])
            agree = float(sims[i, nearest[i]]) if int(self.labels[nearest[i]]) == k else 0.0
            out.append((self.classes[k], float(probs[i, b]), agree))
        return out


def _fit(embedder: Embedder, classes: Mapping[str, Sequence[str]], c: float) -> _Model:
    names = tuple(sorted(classes))
    texts = [t for n in names for t in classes[n]]
    labels = np.asarray([k for k, n in enumerate(names) for _ in classes[n]])
    vectors = embedder.embed(texts)
    clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    clf.fit(vectors, labels)
    return _Model(names, clf, vectors, labels)


class Boilerplate:
    """Reads which segments of a posting are boilerplate; build once (it embeds and fits its examples)."""

    def __init__(self, embedder: Embedder, examples: BoilerplateExamples, *, c: float = DEFAULT_C,
                 min_probability: float = MIN_PROBABILITY, min_similarity: float = MIN_SIMILARITY,
                 min_probability_in_list: float = MIN_PROBABILITY_IN_LIST) -> None:
        self.embedder = embedder
        self.min_probability_in_list = min_probability_in_list
        self.min_probability = min_probability
        self.min_similarity = min_similarity
        self._lines = _fit(embedder, examples.sentences, c)
        self._headings = _fit(embedder, examples.headings, c)

    @classmethod
    def from_prompts(cls, embedder: Embedder, prompts_dir: Path) -> Boilerplate:
        return cls(embedder, load_boilerplate_examples(prompts_dir))

    def _reason(self, read: tuple[str, float, float], keep: str, *, duty_slot: bool = False) -> str | None:
        """A drop when the likeliest class is boilerplate and either likely enough or confirmed by a close
        nearest example of the same class. A bullet under the role's own headings (``duty_slot``) is where
        duties are listed, so it is dropped only when its class is near certain: a duty can be *about*
        a topic that boilerplate also mentions (pay, benefits, the organization) without being boilerplate."""
        name, prob, near = read
        if name in (keep, OTHER):
            return None
        if duty_slot:
            return REASONS[name] if prob >= self.min_probability_in_list else None
        if prob < self.min_probability and near < self.min_similarity:
            return None
        return REASONS[name]

    def section_reason(self, heading: str) -> str | None:
        """Reason to drop a whole section, from its heading; None for the role's headings and unknown ones."""
        if not heading.strip(" :"):
            return None
        # embedded as the pipeline embeds a heading segment (its text as written), so both read it alike
        return self._heading(self._headings.read(self.embedder.embed([heading.strip()]))[0])[0]

    def _heading(self, read: tuple[str, float, float]) -> tuple[str | None, bool]:
        """(drop reason, opens the role's body) of one heading."""
        return self._reason(read, ROLE), read[0] == ROLE

    def classify(self, segments: Sequence[Segment], vectors: np.ndarray | None = None) -> list[str | None]:
        """Drop reason (or None) for each segment, in order."""
        return self.read(segments, vectors)[0]

    def body_start(self, segments: Sequence[Segment], vectors: np.ndarray | None = None) -> int:
        """Index of the first heading of the role after the title (0 when there is none).

        Lines before it introduce the organization or the posting; when a posting has such headings, only
        the lines under them are evidence of what the job asks for.
        """
        return self.read(segments, vectors)[1]

    def read(self, segments: Sequence[Segment], vectors: np.ndarray | None = None) -> tuple[list[str | None], int]:
        """Drop reasons per segment and where the role's body starts, in one pass. ``vectors``: the
        segments' embeddings when the caller has them (the matcher embeds a posting's segments once)."""
        if not segments:
            return [], 0
        if vectors is None:
            vectors = self.embedder.embed([s.text for s in segments])
        lines = self._lines.read(vectors)
        head_idx = [i for i, s in enumerate(segments) if s.kind == "heading" and i > 0]
        heads = dict(zip(head_idx, (self._heading(r) for r in self._headings.read(vectors[head_idx])), strict=True))
        body = next((i for i in head_idx if heads[i][0] is None and heads[i][1]), 0)
        reasons: list[str | None] = []
        section_drop: str | None = None
        preamble = True  # before the first heading of the role, and inside "about" sections
        for i, seg in enumerate(segments):
            if i == 0 and seg.kind == "heading":  # the posting's title: never "job details", never ends the preamble
                title = self._reason(lines[i], KEEP)
                reasons.append(None if title == DETAILS else title)
                continue
            if seg.kind == "heading":
                section_drop, opens_role = heads[i]
                if opens_role:
                    preamble = False
                elif section_drop == ABOUT:
                    preamble = True
                reasons.append(section_drop)  # a heading is read by the heading model only
                continue
            own = self._reason(lines[i], KEEP, duty_slot=seg.bullet and not preamble and section_drop is None)
            if own == ABOUT and not (preamble or section_drop == ABOUT):
                own = None  # the organization named inside the duties is part of a duty
            reasons.append(own or section_drop)
        return reasons, body
