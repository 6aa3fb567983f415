"""A set of items -> the competencies each serves (level, the item's own words as evidence), the coverage
matrix, the categories nothing serves, over-weighted areas and suggestions for the gaps.

Each item's title and each sentence of its text are scored by the posting matcher
(:class:`~assistant.matching.engine.PostingMatcher`) with the coverage examples of ``prompts/`` added;
evidence spans are offsets into the item's own title or text. General Expertise (D) has no published
categories and is counted at the domain level.

    >>> analyzer = CoverageAnalyzer(corpus, embedder, load_coverage_examples(prompts_dir))  # doctest: +SKIP
    >>> report = analyzer.analyze(items, "program")           # doctest: +SKIP
    >>> report.gaps                                           # doctest: +SKIP
    ('A.1', 'B.2')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from assistant.coverage.examples import CoverageExamples, load_coverage_examples
from assistant.framework.models import Corpus
from assistant.indexing.embedder import Embedder
from assistant.matching.engine import PostingMatcher, Thresholds
from assistant.matching.models import Evidence
from assistant.matching.text import segment, to_plain

Kind = Literal["curriculum", "program", "team"]
# Calibrated on the dev split by benchmarks/calibrate_coverage.py (items are a few sentences, not postings).
THRESHOLDS = Thresholds(keyword_bonus=0.22, line=0.46, margin=0.1, item=0.58)
NEIGHBOURS = 3  # a line's score for a column: mean cosine to its 3 nearest prototypes (dev: F1 .74 -> .79 vs 1)
# a category served by more than this share of the items (and by at least MIN_HEAVY items) is over-weighted
HEAVY_SHARE, MIN_HEAVY = 0.5, 3
# who the suggestions address, by kind of set (the framework's uses for these users)
USE_FOR: dict[str, str] = {"curriculum": "use:academic-programs", "program": "use:professional-organizations",
                           "team": "use:institutions"}
SUGGESTION_FOR: dict[str, str] = {
    "curriculum": "a course, module or internship that builds it",
    "program": "a session, webinar or workshop on it",
    "team": "a staff development priority",
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Item(_Frozen):
    id: str = Field(min_length=1, max_length=200)
    title: str = Field(default="", max_length=500)
    text: str


class ItemEvidence(Evidence):
    """The item's own words: ``field`` says whether the offsets are into its title or its text."""

    field: Literal["title", "text"] = "text"


class ItemCompetency(_Frozen):
    id: str
    name: str
    level: int = Field(ge=1, le=3)
    evidence: tuple[ItemEvidence, ...] = ()


class ItemCoverage(_Frozen):
    id: str
    title: str
    competencies: tuple[ItemCompetency, ...] = ()


class Suggestion(_Frozen):
    gap: str
    name: str
    text: str
    cites: tuple[str, ...] = ()


class CoverageReport(_Frozen):
    kind: Kind
    title: str | None = None
    items: tuple[ItemCoverage, ...]
    columns: tuple[str, ...]  # the published categories and D, in framework order
    matrix: dict[str, dict[str, int]]  # item id -> column id -> level (absent: not served)
    gaps: tuple[str, ...]
    over_weighted: tuple[str, ...]
    suggestions: tuple[Suggestion, ...]


def columns(corpus: Corpus) -> list[tuple[str, str]]:
    """(id, name) of every published category, then every domain without published categories (D)."""
    fw = corpus.framework
    cols = [(c.id, c.name) for c in fw.categories]
    cols += [(d.id, d.name) for d in fw.domains if not d.categories]
    return cols


@dataclass(frozen=True)
class Part:
    """A scored piece of an item: its title, or a sentence or bullet of its text (offsets into that field)."""

    field: Literal["title", "text"]
    start: int
    end: int
    text: str


def parts_of(item: Item) -> list[Part]:
    parts = [Part("title", 0, len(item.title), item.title)] if len(item.title.split()) >= 2 else []
    plain = to_plain(item.text)
    for seg in segment(plain.text, plain.bullets):
        if seg.words >= 2 and seg.kind != "heading":
            s, e = plain.to_source(seg.start, seg.end)
            parts.append(Part("text", s, e, item.text[s:e]))
    return parts


class CoverageAnalyzer:
    """Reads the items of a set: a posting matcher with the coverage examples as extra prototypes, the
    "serves nothing" sentences as a column of their own, and thresholds calibrated for short items on the
    dev split (``benchmarks/calibrate_coverage.py``). Build once (it embeds its prototypes) and reuse."""

    def __init__(self, corpus: Corpus, embedder: Embedder, examples: CoverageExamples,
                 thresholds: Thresholds = THRESHOLDS) -> None:
        self.corpus = corpus
        self.matcher = PostingMatcher(corpus.framework, embedder, corpus.guidance, thresholds=thresholds,
                                      examples=examples.columns, none_examples=examples.none,
                                      neighbours=NEIGHBOURS)
        self.names = dict(columns(corpus))

    def item(self, item: Item) -> ItemCoverage:
        parts = parts_of(item)
        return self.from_scores(item, parts, self.matcher.line_scores([p.text for p in parts]))

    def from_scores(self, item: Item, parts: Sequence[Part], scores: np.ndarray) -> ItemCoverage:
        """The item as read from its parts' line scores (the calibration re-reads with other thresholds)."""
        if not parts:
            return ItemCoverage(id=item.id, title=item.title)
        hits = self.matcher.item_hits([p.text for p in parts], scores)
        comps: list[ItemCompetency] = []
        for j, lst in hits.items():
            cid = self.matcher.items[j].id
            if cid not in self.names:
                continue
            best = lst[: self.matcher.t.max_evidence]
            evidence = tuple(ItemEvidence(text=parts[i].text, start=parts[i].start, end=parts[i].end, level=lvl,
                                          field=parts[i].field) for i, _, lvl in sorted(best))
            comps.append(ItemCompetency(id=cid, name=self.names[cid], level=max(lvl for _, _, lvl in lst),
                                        evidence=evidence))
        order = {c: n for n, c in enumerate(self.names)}
        return ItemCoverage(id=item.id, title=item.title, competencies=tuple(sorted(comps, key=lambda c: order[c.id])))

    @classmethod
    def from_prompts(cls, corpus: Corpus, embedder: Embedder, prompts_dir: Path) -> CoverageAnalyzer:
        return cls(corpus, embedder, load_coverage_examples(prompts_dir))

    def analyze(self, items: Sequence[Item], kind: Kind, title: str | None = None) -> CoverageReport:
        """The whole analysis; see the module docstring."""
        parts = [parts_of(i) for i in items]
        # one embedding call for every part of every item: batching is most of the speed of a long set
        scores = self.matcher.line_scores([p.text for ps in parts for p in ps])
        bounds = np.cumsum([0, *(len(ps) for ps in parts)])
        covered = [self.from_scores(item, ps, scores[bounds[n]:bounds[n + 1]])
                   for n, (item, ps) in enumerate(zip(items, parts, strict=True))]
        return report_for(covered, kind, self.corpus, title)


def suggestions_for(gaps: Sequence[str], kind: Kind, corpus: Corpus, names: dict[str, str]) -> list[Suggestion]:
    """For each gap: the resources our corpus says help develop it (or its domain), for this kind of set."""
    out: list[Suggestion] = []
    for gap in gaps:
        domain = gap.split(".")[0]
        fits = [r for r in corpus.resources if gap in r.helps_develop] or [
            r for r in corpus.resources if domain in r.helps_develop]
        picks = fits[:3]
        where = "; ".join(f"{r.name}{'' if r.confirmed else ' (not confirmed in our sources)'}" for r in picks)
        text = (f"Nothing in this set serves {names[gap]} ({gap}). Consider {SUGGESTION_FOR[kind]}"
                + (f"; resources that help develop it: {where}." if picks else "."))
        out.append(Suggestion(gap=gap, name=names[gap], text=text,
                              cites=(gap, USE_FOR[kind], *(f"res:{r.slug}" for r in picks))))
    return out


def report_for(covered: Sequence[ItemCoverage], kind: Kind, corpus: Corpus, title: str | None = None) -> CoverageReport:
    """Matrix, gaps, over-weighted areas and suggestions from the items as read."""
    cols = columns(corpus)
    names = dict(cols)
    matrix = {c.id: {m.id: m.level for m in c.competencies} for c in covered}
    served = {cid for row in matrix.values() for cid in row}
    gaps = [cid for cid, _ in cols if cid not in served]
    counts = {cid: sum(1 for row in matrix.values() if cid in row) for cid, _ in cols}
    heavy = [cid for cid, n in counts.items() if n >= MIN_HEAVY and n > HEAVY_SHARE * max(len(covered), 1)]
    return CoverageReport(kind=kind, title=title, items=tuple(covered), columns=tuple(c for c, _ in cols),
                          matrix=matrix, gaps=tuple(gaps), over_weighted=tuple(heavy),
                          suggestions=tuple(suggestions_for(gaps, kind, corpus, names)))
