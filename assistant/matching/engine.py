"""Job posting -> framework domains and categories, required levels and evidence spans.

Pipeline: validate size -> HTML to text (offset map) -> segment -> drop boilerplate (with reasons) ->
language check -> embed the remaining lines once -> score each line against every item -> keep items whose
best line clears a calibrated threshold -> level per evidence line from scope/verb cues -> map spans back
to the submitted text.

A line's score for an item is the best cosine similarity to the item's prototypes (the corpus category
name, description and level statements, any guidance written for that one item, and the example duties of
``prompts/matching/examples.yaml``) plus a lexical bonus: how strongly the line's words mark the item, by a
word classifier trained on those prototypes (no word list per item). A line nearer the examples of requirements the framework does not describe
(credentials, physical demands, availability) than to any item is evidence for nothing. Levels come from
:mod:`assistant.matching.scope`. Thresholds were tuned on the ``dev`` half of ``evals/postings`` only (see
:mod:`assistant.matching.evaluate`).

    >>> matcher = PostingMatcher(corpus.framework, shared_embedder())   # doctest: +SKIP
    >>> matcher.match("- Manage the education department budget").competencies[0].id  # doctest: +SKIP
    'A.4'
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from assistant.errors import EmptyInputError, InputTooLargeError
from assistant.framework.models import Corpus, Framework, GuidanceDoc, PracticeExample
from assistant.indexing.embedder import Embedder
from assistant.indexing.lexical import tokenize
from assistant.matching import boilerplate
from assistant.matching.boilerplate import Boilerplate
from assistant.matching.examples import MatchingExamples, load_matching_examples
from assistant.matching.language import detect_language
from assistant.matching.models import (
    CompetencyMatch,
    DomainMatch,
    DroppedSpan,
    Evidence,
    JobProfile,
    MatchResult,
    Span,
)
from assistant.matching.scope import AT_LEAST_2, AT_LEAST_3, LevelModel
from assistant.matching.text import PlainText, Segment, segment, to_plain
from assistant.settings import ROOT


@dataclass(frozen=True)
class Thresholds:
    """Calibrated on the dev split; see evaluate.py. All values are on the line-score scale (cosine + bonus)."""

    # weight of the lexical strength (``_Lexical``), and how far below a line's nearest item prototype its nearest "not described" example
    # may be for the line to count as not described (both cosines): benchmarks/calibrate_matching.py (dev)
    keyword_bonus: float = 1.2
    outside: float | None = -0.05  # None: no line is read as "not described" (coverage has its own none column)
    level_3: float = AT_LEAST_3  # the level model's "Level 3 at least this likely" and "Level 2 or 3" bars
    level_2: float = AT_LEAST_2
    line: float = 0.48  # a line is evidence for an item at or above this
    margin: float = 0.10  # ... and within this of the line's best item
    item: float = 0.50  # an item is asked for when its best line reaches this
    uncovered: float = 0.42  # a requirement line whose best item stays below this is uncovered
    max_evidence: int = 5

    def __post_init__(self) -> None:
        if not 0 < self.line <= self.item:
            raise ValueError("thresholds must satisfy 0 < line <= item")
        if self.max_evidence < 1:
            raise ValueError("max_evidence must be at least 1")


LANGUAGE_NOTE = (
    "Only English job postings are supported; this text looks like {lang}. "
    "No competencies were matched rather than guessing. Please submit an English version."
)
_LANG_NAMES = {"es": "Spanish", "de": "German", "fr": "French", "pt": "Portuguese", "it": "Italian",
               "nl": "Dutch", "other": "a language in a non-Latin script"}

@dataclass(frozen=True)
class _Item:
    id: str
    name: str
    domain: str
    max_level: int


@dataclass(frozen=True)
class LineScores:
    """Lines scored against every item, with their sentence vectors (the level model reads them) and whether
    each line is a requirement the framework does not describe."""

    texts: tuple[str, ...]
    vectors: np.ndarray  # lines x dim
    scores: np.ndarray  # lines x items (plus the "serves nothing" column when the matcher has one)
    outside: np.ndarray  # lines: True where the line is a requirement the framework does not describe

    def __len__(self) -> int:
        return len(self.texts)

    def rows(self, start: int, stop: int) -> LineScores:
        return LineScores(self.texts[start:stop], self.vectors[start:stop], self.scores[start:stop],
                          self.outside[start:stop])


@dataclass(frozen=True)
class _Line:
    seg: Segment
    source: tuple[int, int]
    in_role: bool  # under a heading of the role (duties, requirements), as the heading model reads it


class PostingMatcher:
    """Matches job postings to the framework; build once (it embeds its prototypes) and reuse."""

    def __init__(
        self,
        framework: Framework,
        embedder: Embedder,
        guidance: Sequence[GuidanceDoc] = (),
        *,
        max_chars: int = 50_000,
        thresholds: Thresholds | None = None,
        examples: Mapping[str, Sequence[str]] | None = None,
        none_examples: Sequence[str] = (),
        neighbours: int = 1,
        prompts_dir: Path = ROOT / "prompts",
        practice: Sequence[PracticeExample] = (),
    ) -> None:
        """``examples``: more prototype sentences per item id (coverage adds course, session and role
        sentences). ``none_examples``: sentences that serve no item; with them :meth:`line_scores` has one
        more column, the nearest of these, so a line closest to "serves nothing" is evidence for nothing.
        ``neighbours``: a line's score for an item is the mean cosine to its nearest this-many prototypes
        (1: the nearest only, what postings were tuned with; coverage's short items read better with 3).
        ``practice``: the corpus's practice examples of the level statements, which the level model learns from
        too (``Corpus.practice_examples``)."""
        if neighbours < 1:
            raise ValueError("neighbours must be at least 1")
        self.prompts_dir = prompts_dir  # where the boilerplate examples are read from, on the first posting
        self.neighbours = neighbours
        if max_chars <= 0:
            raise ValueError("max_chars must be positive (ASSISTANT_MAX_POSTING_CHARS)")
        if not framework.categories:
            raise ValueError("the framework has no published categories to match against; check corpus/framework")
        self.framework = framework
        self.embedder = embedder
        self.max_chars = max_chars
        self.t = thresholds or Thresholds()
        self.examples: MatchingExamples = load_matching_examples(prompts_dir)
        self.items: list[_Item] = []
        texts: list[str] = []
        owners: list[int] = []
        for cat in framework.categories:
            top = max((s.level for s in cat.levels), default=1)
            self._add(_Item(cat.id, cat.name, cat.domain, top), self._category_texts(cat.id, guidance), texts, owners)
        general = framework.domain("D")
        if general is not None and not general.categories:
            self._add(_Item("D", general.name, "D", 3), self._domain_texts("D", guidance), texts, owners)
        extra = examples or {}
        unknown = set(extra) - {i.id for i in self.items}
        if unknown:
            raise ValueError(f"examples name items the framework does not have: {sorted(unknown)}")
        for j, item in enumerate(self.items):
            texts += list(extra.get(item.id, ()))
            owners += [j] * len(extra.get(item.id, ()))
        self._proto = embedder.embed(texts)
        self._owner = np.asarray(owners)
        self._lexical = _Lexical(texts, owners, len(self.items))
        self._bias = self._item_bias(texts, owners)
        self._none = embedder.embed(list(none_examples)) if none_examples else None
        self._outside = embedder.embed(list(self.examples.uncovered))
        self.levels = LevelModel(framework, embedder, self.examples, practice)

    @classmethod
    def for_corpus(cls, corpus: Corpus, embedder: Embedder, **options: Any) -> PostingMatcher:
        """A matcher over a loaded corpus: its framework, guidance and practice examples."""
        return cls(corpus.framework, embedder, corpus.guidance, practice=corpus.practice_examples, **options)

    def _item_bias(self, texts: list[str], owners: list[int]) -> np.ndarray:
        """How close each item sits to lines about *other* items, centred on zero.

        Items described in general institutional words ("the institution's mission") are near every museum
        sentence; subtracting this bias keeps them from matching lines that belong elsewhere.
        """
        sims = self._max_per_item(self._proto)
        own = np.asarray(owners)
        bias = np.array([sims[own != j, j].mean() for j in range(len(self.items))], dtype=np.float32)
        return bias - bias.mean()

    def _max_per_item(self, vecs: np.ndarray) -> np.ndarray:
        sims = vecs @ self._proto.T
        out = np.empty((len(vecs), len(self.items)), dtype=np.float32)
        for j in range(len(self.items)):
            own = sims[:, self._owner == j]
            if self.neighbours == 1:
                out[:, j] = own.max(axis=1)
            else:
                k = min(self.neighbours, own.shape[1])
                out[:, j] = np.partition(own, own.shape[1] - k, axis=1)[:, -k:].mean(axis=1)
        return out

    # ------------------------------------------------------------------ prototypes
    def _add(self, item: _Item, texts: list[str], out: list[str], owners: list[int]) -> None:
        idx = len(self.items)
        self.items.append(item)
        out.extend(texts)
        owners.extend([idx] * len(texts))

    def _category_texts(self, cid: str, guidance: Sequence[GuidanceDoc]) -> list[str]:
        cat = self.framework.category(cid)
        assert cat is not None
        texts = [cat.name] + ([f"{cat.name}: {cat.description}"] if cat.description else [])
        texts += [s.statement for s in cat.levels if s.complete]
        texts += list(self.examples.duties.get(cid, ()))
        texts += _guidance_lines(guidance, lambda g: g.categories == (cid,))
        return texts

    def _domain_texts(self, did: str, guidance: Sequence[GuidanceDoc]) -> list[str]:
        dom = self.framework.domain(did)
        assert dom is not None
        texts = [dom.description] + [s.statement for s in dom.levels]
        texts += list(self.examples.duties.get(did, ()))
        texts += _guidance_lines(guidance, lambda g: g.domains == (did,) and not g.categories)
        return texts

    @cached_property
    def boilerplate(self) -> Boilerplate:
        """Which lines of a posting are not duties (built on first use: coverage never needs it)."""
        return Boilerplate.from_prompts(self.embedder, self.prompts_dir)

    # ------------------------------------------------------------------ scoring
    def line_scores(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> LineScores:
        """Every line scored against every item: best prototype cosine (less the item's bias) plus the lexical
        bonus; with ``none_examples`` one more last column, the cosine to the nearest of them."""
        cols = len(self.items) + (self._none is not None)
        if not texts:
            return LineScores((), np.zeros((0, self._proto.shape[1]), dtype=np.float32),
                              np.zeros((0, cols), dtype=np.float32), np.zeros(0, dtype=np.float32))
        vecs = self.embedder.embed(list(texts)) if vectors is None else vectors
        nearest = self._max_per_item(vecs)
        scores = nearest - self._bias
        scores += self.t.keyword_bonus * self._lexical.strengths(texts)
        if self._none is not None:
            scores = np.hstack([scores, (vecs @ self._none.T).max(axis=1, keepdims=True)])
        # a line at least as near a "not described" example as to any item's prototype describes no competency
        outside = (np.zeros(len(vecs), dtype=bool) if self.t.outside is None
                   else (vecs @ self._outside.T).max(axis=1) >= nearest.max(axis=1) - self.t.outside)
        return LineScores(tuple(texts), vecs, scores, outside)

    def _calibrated(self, raw: float) -> float:
        return round(1.0 / (1.0 + math.exp(-(raw - self.t.item) / 0.04)), 3)

    # ------------------------------------------------------------------ public API
    def match(self, text: str) -> MatchResult:
        """Match one posting (plain text, Markdown or HTML); offsets refer to ``text`` as given."""
        if len(text) > self.max_chars:
            raise InputTooLargeError(
                f"The posting has {len(text):,} characters; the limit is {self.max_chars:,}.",
                hint="Paste only the job description, or raise ASSISTANT_MAX_POSTING_CHARS.",
            )
        if not text.strip():
            raise EmptyInputError("The posting is empty.", hint="Paste the text of a job posting.")
        plain = to_plain(text)
        segs = segment(plain.text, plain.bullets)
        if not segs:
            raise EmptyInputError("No text was found in the posting.", hint="Paste the text of a job posting.")
        lang = detect_language(" ".join(s.text for s in segs))
        if lang != "en":
            return self._not_english(plain, segs, lang)
        vectors = self.embedder.embed([s.text for s in segs])  # once: for the boilerplate and the scores
        layout = self.boilerplate.read(segs, vectors)
        reasons, body = layout.reasons, layout.body
        for i, seg in enumerate(segs):
            if reasons[i] is None and seg.words >= 8 and detect_language(seg.text) != "en":
                reasons[i] = boilerplate.NOT_ENGLISH
        dropped = _merge_dropped(plain, segs, reasons)
        keep = [k for k, (s, r) in enumerate(zip(segs, reasons, strict=True))
                if r is None and s.kind != "heading" and s.words >= 2 and (k >= body or s.bullet)]
        lines = [_Line(segs[k], plain.to_source(segs[k].start, segs[k].end), layout.in_role[k]) for k in keep]
        scores = self.line_scores([ln.seg.text for ln in lines], vectors[keep])
        return self._assemble(plain, lines, scores, dropped)

    def job_profile(self, role: str, institution_type: str | None = None) -> JobProfile:
        """Suggested competencies and levels for a role, with reasons and a draft job-description section."""
        from assistant.matching.profile import build_profile

        return build_profile(self, role, institution_type)

    # ------------------------------------------------------------------ assembly
    def item_hits(self, lines: LineScores) -> dict[int, list[tuple[int, float, int]]]:
        """For each item index: (line index, score, level) of its evidence lines, best first."""
        found: dict[int, list[tuple[int, float]]] = {}
        for i in range(len(lines)):
            row = lines.scores[i]
            best = float(row.max())
            if lines.outside[i]:
                continue  # a credential or physical demand is not evidence of a competency
            for j in range(len(self.items)):
                s = float(row[j])
                if s >= self.t.line and s >= best - self.t.margin:
                    found.setdefault(j, []).append((i, s))
        hits: dict[int, list[tuple[int, float, int]]] = {}
        for j, lst in found.items():
            lst.sort(key=lambda h: -h[1])
            if lst[0][1] < self.t.item:
                continue
            item = self.items[j]
            levels = self.levels.levels(item.id, lines.vectors[[i for i, _ in lst]], self.t.level_3, self.t.level_2)
            hits[j] = [(i, s, min(lvl, item.max_level)) for (i, s), lvl in zip(lst, levels, strict=True)]
        return hits

    def _assemble(self, plain: PlainText, lines: list[_Line], scored: LineScores,
                  dropped: list[DroppedSpan]) -> MatchResult:
        hits = self.item_hits(scored)
        comps: list[CompetencyMatch] = []
        general: DomainMatch | None = None
        for j, lst in sorted(hits.items(), key=lambda kv: self.items[kv[0]].id):
            item = self.items[j]
            evidence = tuple(
                _evidence(plain, lines[i].source, lvl) for i, _, lvl in sorted(lst[: self.t.max_evidence])
            )
            level = max(lvl for _, _, lvl in lst)
            if item.id == "D":
                general = DomainMatch(id="D", name=item.name, level=level, score=self._calibrated(lst[0][1]),
                                      evidence=evidence)
                continue
            comps.append(CompetencyMatch(id=item.id, name=item.name, level=level,
                                         score=self._calibrated(lst[0][1]), evidence=evidence))
        domains: list[DomainMatch] = []
        for dom in self.framework.domains:
            if dom.id == "D" and general is not None:
                domains.append(general)
                continue
            mine = [c for c in comps if c.id.startswith(dom.id + ".")]
            if not mine:
                continue
            ev = sorted({e for c in mine for e in c.evidence}, key=lambda e: e.start)
            domains.append(DomainMatch(id=dom.id, name=dom.name, level=max(c.level for c in mine),
                                       score=max(c.score for c in mine), evidence=tuple(ev)))
        used = {i for lst in hits.values() for i, _, _ in lst}
        uncovered = []
        for i, ln in enumerate(lines):
            if i in used or not _requirement_like(ln):
                continue
            best = float(scored.scores[i].max())
            if scored.outside[i] or best < self.t.uncovered:
                s, e = ln.source
                uncovered.append(Span(text=plain.submitted[s:e], start=s, end=e))
        return MatchResult(domains=tuple(domains), competencies=tuple(comps), uncovered=tuple(uncovered),
                           dropped=tuple(dropped), language="en")

    def _not_english(self, plain: PlainText, segs: list[Segment], lang: str) -> MatchResult:
        first, last = segs[0], segs[-1]
        s, _ = plain.to_source(first.start, first.end)
        _, e = plain.to_source(last.start, last.end)
        note = LANGUAGE_NOTE.format(lang=_LANG_NAMES.get(lang, lang))
        span = DroppedSpan(text=plain.submitted[s:e], start=s, end=e, reason=boilerplate.NOT_ENGLISH)
        return MatchResult(dropped=(span,), language=lang, note=note)


class _Lexical:
    """The words that mark each item, learned from its prototypes: the lexical half of a line's score.

    A logistic regression on tf-idf word features (stemmed as retrieval stems) of every prototype text,
    labelled with its item, gives each line a probability per item from its words alone; a line's strength
    for an item is how far that probability rises above chance (0..1, one scale for every line and item:
    words that could belong to any item lift none). "budget" marks Finances because Finances' examples use it and others rarely do; no word
    list is written per item.
    """

    def __init__(self, texts: Sequence[str], owners: Sequence[int], items: int, c: float = 10.0) -> None:
        self._items = items
        self._vectorizer = TfidfVectorizer(tokenizer=tokenize, lowercase=False, token_pattern=None,
                                           sublinear_tf=True)
        features = self._vectorizer.fit_transform(texts)
        self._clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(features, owners)

    def strengths(self, lines: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(lines), self._items), dtype=np.float32)
        if not lines:
            return out
        features = self._vectorizer.transform(lines)
        chance = 1.0 / len(self._clf.classes_)
        proba = self._clf.predict_proba(features)
        out[:, self._clf.classes_] = np.clip((proba - chance) / (1.0 - chance), 0.0, 1.0)
        out[features.getnnz(axis=1) == 0] = 0.0  # a line of unseen words says nothing
        return out


def _guidance_lines(guidance: Sequence[GuidanceDoc], wanted: Callable[[GuidanceDoc], bool]) -> list[str]:
    out: list[str] = []
    for doc in guidance:
        if not wanted(doc):
            continue
        for section in doc.sections:
            for sentence in re.split(r"(?<=[.!?])\s+|\n+", section.text):
                words = sentence.strip(" -*#").split()
                if 5 <= len(words) <= 40:
                    out.append(" ".join(words))
    return out[:40]


def _requirement_like(line: _Line) -> bool:
    return line.seg.words >= 3 and (line.seg.bullet or line.in_role)


def _evidence(plain: PlainText, source: tuple[int, int], level: int) -> Evidence:
    s, e = source
    return Evidence(text=plain.submitted[s:e], start=s, end=e, level=level)


def _merge_dropped(plain: PlainText, segs: list[Segment], reasons: list[str | None]) -> list[DroppedSpan]:
    """Consecutive dropped lines with one reason become one span (a whole "Benefits" section, say)."""
    out: list[DroppedSpan] = []
    run: tuple[int, int, str] | None = None
    for seg, reason in zip(segs, reasons, strict=True):
        if reason is None:
            _flush(plain, run, out)
            run = None
            continue
        s, e = plain.to_source(seg.start, seg.end)
        if run is not None and run[2] == reason:
            run = (run[0], e, reason)
        else:
            _flush(plain, run, out)
            run = (s, e, reason)
    _flush(plain, run, out)
    return out


def _flush(plain: PlainText, run: tuple[int, int, str] | None, out: list[DroppedSpan]) -> None:
    if run is not None:
        s, e, reason = run
        out.append(DroppedSpan(text=plain.submitted[s:e], start=s, end=e, reason=reason))
    return None
