"""A set of items -> the competencies each serves (level, the item's own words as evidence), the coverage
matrix, the categories nothing serves, over-weighted areas and suggestions for the gaps.

Each item is read by the posting matcher (:class:`~assistant.matching.engine.PostingMatcher`), whose
evidence spans are offsets into the item's own text. General Expertise (D) has no published categories
and is counted at the domain level.

    >>> report = analyze(items, "program", matcher, corpus)   # doctest: +SKIP
    >>> report.gaps                                           # doctest: +SKIP
    ('A.1', 'B.2')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.framework.models import Corpus
from assistant.matching.engine import PostingMatcher
from assistant.matching.models import Evidence

Kind = Literal["curriculum", "program", "team"]
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


class ItemCompetency(_Frozen):
    id: str
    name: str
    level: int = Field(ge=1, le=3)
    evidence: tuple[Evidence, ...] = ()


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


def item_coverage(item: Item, matcher: PostingMatcher, known: set[str]) -> ItemCoverage:
    result = matcher.match(item.text) if item.text.strip() else None
    comps: list[ItemCompetency] = []
    if result is not None:
        comps += [ItemCompetency(id=c.id, name=c.name, level=c.level, evidence=c.evidence)
                  for c in result.competencies if c.id in known]
        comps += [ItemCompetency(id=d.id, name=d.name, level=d.level, evidence=d.evidence)
                  for d in result.domains if d.id in known]
    return ItemCoverage(id=item.id, title=item.title, competencies=tuple(comps))


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


def analyze(items: Sequence[Item], kind: Kind, matcher: PostingMatcher, corpus: Corpus,
            title: str | None = None) -> CoverageReport:
    """The whole analysis; see the module docstring."""
    cols = columns(corpus)
    names = dict(cols)
    known = set(names)
    covered = [item_coverage(i, matcher, known) for i in items]
    matrix = {c.id: {m.id: m.level for m in c.competencies} for c in covered}
    served = {cid for row in matrix.values() for cid in row}
    gaps = [cid for cid, _ in cols if cid not in served]
    counts = {cid: sum(1 for row in matrix.values() if cid in row) for cid, _ in cols}
    heavy = [cid for cid, n in counts.items() if n >= MIN_HEAVY and n > HEAVY_SHARE * max(len(items), 1)]
    return CoverageReport(kind=kind, title=title, items=tuple(covered), columns=tuple(c for c, _ in cols),
                          matrix=matrix, gaps=tuple(gaps), over_weighted=tuple(heavy),
                          suggestions=tuple(suggestions_for(gaps, kind, corpus, names)))
