"""Job posting -> framework domains and categories, required levels and evidence spans.

Pipeline: validate size -> HTML to text (offset map) -> segment -> drop boilerplate (with reasons) ->
language check -> embed the remaining lines once -> score each line against every item -> keep items whose
best line clears a calibrated threshold -> level per evidence line from scope/verb cues -> map spans back
to the submitted text.

A line's score for an item is the best cosine similarity to the item's prototypes (the corpus category
name, description and level statements, any guidance written for that one item, and example duties from
:mod:`assistant.matching.cues`) plus a bonus when the item's word pattern occurs in the line. Thresholds
were tuned on the ``dev`` half of ``evals/postings`` only (see :mod:`assistant.matching.evaluate`).

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

import numpy as np

from assistant.errors import EmptyInputError, InputTooLargeError
from assistant.framework.models import Framework, GuidanceDoc
from assistant.indexing.embedder import Embedder
from assistant.matching import boilerplate
from assistant.matching.boilerplate import Boilerplate
from assistant.matching.cues import CUE_BY_ITEM, UNCOVERED
from assistant.matching.language import detect_language
from assistant.matching.levels import span_level
from assistant.matching.models import (
    CompetencyMatch,
    DomainMatch,
    DroppedSpan,
    Evidence,
    JobProfile,
    MatchResult,
    Span,
)
from assistant.matching.text import PlainText, Segment, segment, to_plain
from assistant.settings import ROOT


@dataclass(frozen=True)
class Thresholds:
    """Calibrated on the dev split; see evaluate.py. All values are on the line-score scale (cosine + bonus)."""

    keyword_bonus: float = 0.22
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
_REQUIREMENT_SECTION = re.compile(
    r"responsibilit|duties|what you|you will|qualification|requirement|skills|experience|bring|looking for"
    r"|need|functions|should apply|intern|role|position|summary|overview|description", re.I)


@dataclass(frozen=True)
class _Item:
    id: str
    name: str
    domain: str
    max_level: int


@dataclass(frozen=True)
class _Line:
    seg: Segment
    source: tuple[int, int]


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
    ) -> None:
        """``examples``: more prototype sentences per item id (coverage adds course, session and role
        sentences). ``none_examples``: sentences that serve no item; with them :meth:`line_scores` has one
        more column, the nearest of these, so a line closest to "serves nothing" is evidence for nothing.
        ``neighbours``: a line's score for an item is the mean cosine to its nearest this-many prototypes
        (1: the nearest only, what postings were tuned with; coverage's short items read better with 3)."""
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
        self._patterns = [CUE_BY_ITEM[i.id].pattern if i.id in CUE_BY_ITEM else None for i in self.items]
        self._bias = self._item_bias(texts, owners)
        self._none = embedder.embed(list(none_examples)) if none_examples else None

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
        texts += list(CUE_BY_ITEM[cid].examples) if cid in CUE_BY_ITEM else []
        texts += _guidance_lines(guidance, lambda g: g.categories == (cid,))
        return texts

    def _domain_texts(self, did: str, guidance: Sequence[GuidanceDoc]) -> list[str]:
        dom = self.framework.domain(did)
        assert dom is not None
        texts = [dom.description] + [s.statement for s in dom.levels]
        texts += list(CUE_BY_ITEM[did].examples) if did in CUE_BY_ITEM else []
        texts += _guidance_lines(guidance, lambda g: g.domains == (did,) and not g.categories)
        return texts

    @cached_property
    def boilerplate(self) -> Boilerplate:
        """Which lines of a posting are not duties (built on first use: coverage never needs it)."""
        return Boilerplate.from_prompts(self.embedder, self.prompts_dir)

    # ------------------------------------------------------------------ scoring
    def line_scores(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """Score matrix (lines x items): best prototype cosine plus the keyword bonus; with ``none_examples``
        one more last column, the cosine to the nearest of them."""
        cols = len(self.items) + (self._none is not None)
        if not texts:
            return np.zeros((0, cols), dtype=np.float32)
        vecs = self.embedder.embed(list(texts)) if vectors is None else vectors
        scores = self._max_per_item(vecs) - self._bias
        if self._none is not None:
            scores = np.hstack([scores, (vecs @ self._none.T).max(axis=1, keepdims=True)])
        for j, pattern in enumerate(self._patterns):
            if pattern is None:
                continue
            for i, text in enumerate(texts):
                if pattern.search(text):
                    scores[i, j] += self.t.keyword_bonus
        return scores

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
        reasons, body = self.boilerplate.read(segs, vectors)
        for i, seg in enumerate(segs):
            if reasons[i] is None and seg.words >= 8 and detect_language(seg.text) != "en":
                reasons[i] = boilerplate.NOT_ENGLISH
        dropped = _merge_dropped(plain, segs, reasons)
        keep = [k for k, (s, r) in enumerate(zip(segs, reasons, strict=True))
                if r is None and s.kind != "heading" and s.words >= 2 and (k >= body or s.bullet)]
        lines = [_Line(segs[k], plain.to_source(segs[k].start, segs[k].end)) for k in keep]
        scores = self.line_scores([ln.seg.text for ln in lines], vectors[keep])
        return self._assemble(plain, lines, scores, dropped)

    def job_profile(self, role: str, institution_type: str | None = None) -> JobProfile:
        """Suggested competencies and levels for a role, with reasons and a draft job-description section."""
        from assistant.matching.profile import build_profile

        return build_profile(self, role, institution_type)

    # ------------------------------------------------------------------ assembly
    def item_hits(self, texts: Sequence[str], scores: np.ndarray) -> dict[int, list[tuple[int, float, int]]]:
        """For each item index: (line index, score, level) of its evidence lines, best first."""
        hits: dict[int, list[tuple[int, float, int]]] = {}
        for i, text in enumerate(texts):
            if UNCOVERED.search(text) and scores[i].max() < self.t.item + 0.1:
                continue  # a credential or physical demand is not evidence of a competency
            best = float(scores[i].max())
            for j, item in enumerate(self.items):
                s = float(scores[i, j])
                if s >= self.t.line and s >= best - self.t.margin:
                    level = min(span_level(item.id, text), item.max_level)
                    hits.setdefault(j, []).append((i, s, level))
        for lst in hits.values():
            lst.sort(key=lambda h: -h[1])
        return {j: lst for j, lst in hits.items() if lst[0][1] >= self.t.item}

    def _assemble(self, plain: PlainText, lines: list[_Line], scores: np.ndarray, dropped: list[DroppedSpan]) -> MatchResult:
        texts = [ln.seg.text for ln in lines]
        hits = self.item_hits(texts, scores)
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
            if i in used or not _requirement_like(ln.seg):
                continue
            if UNCOVERED.search(ln.seg.text) or float(scores[i].max()) < self.t.uncovered:
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


def _requirement_like(seg: Segment) -> bool:
    return seg.words >= 3 and (seg.bullet or bool(_REQUIREMENT_SECTION.search(seg.section)))


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
