"""Readiness for the next level: a coaching session's evidence set against the next level statement.

For institutions that use the framework when staff ask to move up: for every rated competency the report
shows the self level and the supervisor level side by side (never merged), the next level's statement when
the corpus publishes it (else a plain note that it is not published), the evidence given, and how strong
that evidence is. It judges only the evidence, by measures anyone can check:

- ``none``: no evidence text at all;
- ``thin``: under :data:`MIN_WORDS` words in all, or, when an embedder is passed, a cosine similarity to the
  next level statement under :data:`SIMILARITY_FLOOR`;
- ``some``: neither of those. Never "ready": whether a person moves up is not this report's to say.

    >>> report = readiness(corpus, self_ratings, supervisor_ratings, embedder=embedder)  # doctest: +SKIP
    >>> report.thin                                                                       # doctest: +SKIP
    ('A.4',)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from assistant.coaching.assess import Competency, cached_embed, competency_catalog
from assistant.coaching.plan import Rating
from assistant.coaching.service import CoachingService
from assistant.framework.models import Corpus
from assistant.indexing.embedder import Embedder

Strength = Literal["none", "thin", "some"]
# One sentence that says what was done, where and how runs to a dozen words; less cannot show a level.
MIN_WORDS = 12
# all-MiniLM-L6-v2, evidence against the next level statement: evidence about the statement's subject
# scored 0.23-0.52 (a grant budget vs A.4.L3, family programs vs C.1.L2), evidence about something else
# 0.13 or less (a camp schedule vs A.4.L2, a keeper talk vs B.1.L2).
SIMILARITY_FLOOR = 0.20
TOP_LEVEL = 3
DISCLAIMER = ("This report only sets the evidence given in this session against the framework's level statements "
              "and says where it is thin; it is not a verdict on pay, promotion or any other employment decision.")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CompetencyReadiness(_Frozen):
    """One rated competency: both ratings apart, the next level statement, the evidence and its strength."""

    competency_id: str
    name: str
    self_level: float | None
    self_not_sure: bool
    supervisor_level: float | None = None
    supervisor: str | None = None  # the rater label ("supervisor: Dana"); None when no supervisor rated it
    agree: bool | None = None  # None unless both gave a level
    next_level: int | None
    next_level_from: Literal["self", "supervisor"] | None
    next_statement_id: str | None
    next_statement: str | None
    next_statement_note: str | None  # why there is no statement to compare with (not published, top level, ...)
    self_evidence: str | None
    supervisor_evidence: str | None = None
    evidence_words: int
    evidence_similarity: float | None  # best cosine of an evidence text with the next statement; None unmeasured
    evidence_strength: Strength
    evidence_reason: str


class ReadinessReport(_Frozen):
    session_id: str | None
    corpus_hash: str
    method: str
    competencies: tuple[CompetencyReadiness, ...]
    thin: tuple[str, ...]  # competency ids whose evidence is none or thin
    disagreements: tuple[str, ...]  # ids where self and supervisor gave different levels
    not_published: tuple[str, ...]  # ids whose next level statement the corpus does not publish
    summary: str
    disclaimer: str = DISCLAIMER


def _text(evidence: str | None) -> str | None:
    return evidence.strip() if evidence and evidence.strip() else None


def _next_statement(comp: Competency | None, cid: str, name: str,
                    level: int | None) -> tuple[str | None, str | None, str | None]:
    """(statement id, text, note): the text only when the corpus publishes the whole statement."""
    if level is None:
        return None, None, "No level was given (not sure), so there is no next level to set the evidence against."
    if level > TOP_LEVEL:
        return None, None, f"Level {TOP_LEVEL} is the last of the framework's levels; there is no next level statement."
    sid = f"{cid}.L{level}"
    if comp is None:
        return sid, None, (f"{cid} is not published in the framework text this corpus holds, so it has no level "
                           "statements to set the evidence against.")
    st = comp.statement(level)
    if st is None:
        return sid, None, (f"The level {level} statement of {cid} {name} ({sid}) is not published in the framework "
                           "text this corpus holds, so there is no statement to set the evidence against.")
    if not st.complete:
        return sid, None, (f"Only part of the level {level} statement of {cid} {name} ({sid}) is published in the "
                           "framework text this corpus holds, so it is not quoted or used to judge the evidence.")
    return sid, st.text, None


def _strength(texts: Sequence[str], statement_id: str | None, similarity: float | None,
              measured: bool) -> tuple[Strength, int, str]:
    words = sum(len(t.split()) for t in texts)
    if not texts:
        return "none", 0, "No evidence was given, by the person or a supervisor."
    if words < MIN_WORDS:
        return "thin", words, f"The evidence is {words} words; under {MIN_WORDS} words is too little to show a level."
    if similarity is not None and similarity < SIMILARITY_FLOOR:
        return "thin", words, (f"The evidence ({words} words) says little about {statement_id}: similarity "
                               f"{similarity:.2f}, under {SIMILARITY_FLOOR:.2f}.")
    if similarity is not None:
        return "some", words, f"The evidence is {words} words and relates to {statement_id} (similarity {similarity:.2f})."
    why = ("there is no published next level statement to compare it with" if measured
           else "no embedding model was used to compare it with the next level statement")
    return "some", words, f"The evidence is {words} words; its fit was not measured because {why}."


def _similarity(embedder: Embedder, statement: str, texts: Sequence[str]) -> float:
    vecs = cached_embed(embedder, [statement, *texts])
    return round(max(float(vecs[0] @ v) for v in vecs[1:]), 4)


def _one(comp: Competency | None, cid: str, name: str, own: Rating | None, sup: Rating | None,
         embedder: Embedder | None) -> CompetencyReadiness:
    self_level = own.level if own and not own.not_sure else None
    sup_level = sup.level if sup and not sup.not_sure else None
    basis: Literal["self", "supervisor"] | None = "self" if self_level is not None else (
        "supervisor" if sup_level is not None else None)
    current = self_level if self_level is not None else sup_level
    after = math.floor(current) + 1 if current is not None else None
    sid, statement, note = _next_statement(comp, cid, name, after)
    next_level = after if after is not None and after <= TOP_LEVEL else None
    own_text, sup_text = _text(own.evidence if own else None), _text(sup.evidence if sup else None)
    texts = [t for t in (own_text, sup_text) if t]
    similarity = _similarity(embedder, statement, texts) if embedder and statement and texts else None
    strength, words, reason = _strength(texts, sid if statement else None, similarity, embedder is not None)
    return CompetencyReadiness(
        competency_id=cid, name=name, self_level=self_level, self_not_sure=bool(own and own.not_sure),
        supervisor_level=sup_level, supervisor=sup.rater if sup else None,
        agree=self_level == sup_level if self_level is not None and sup_level is not None else None,
        next_level=next_level, next_level_from=basis, next_statement_id=sid,
        next_statement=statement, next_statement_note=note, self_evidence=own_text, supervisor_evidence=sup_text,
        evidence_words=words, evidence_similarity=similarity, evidence_strength=strength, evidence_reason=reason,
    )


def _summary(items: Sequence[CompetencyReadiness]) -> str:
    if not items:
        return "No competency has been rated in this session yet, so there is no evidence to set against the framework."
    label = {i.competency_id: f"{i.competency_id} {i.name}" for i in items}
    thin = [label[i.competency_id] for i in items if i.evidence_strength != "some"]
    out = [f"{len(items)} rated {'competency' if len(items) == 1 else 'competencies'}."]
    out.append(f"Evidence is thin or missing for: {', '.join(thin)}." if thin
               else "Every rated competency has some evidence; the detail below shows what it covers.")
    differ = [label[i.competency_id] for i in items if i.agree is False]
    if differ:
        out.append(f"Self and supervisor levels differ for: {', '.join(differ)}.")
    missing = [i.next_statement_id for i in items if i.next_statement_id and i.next_statement is None]
    if missing:
        out.append(f"Next level statements not published in the framework text this corpus holds: {', '.join(missing)}.")
    return " ".join(out)


def readiness(
    corpus: Corpus,
    self_ratings: Sequence[Rating],
    supervisor_ratings: Sequence[Rating] = (),
    *,
    embedder: Embedder | None = None,
    session_id: str | None = None,
) -> ReadinessReport:
    """The report for these ratings; a later supervisor rating of a competency replaces an earlier one."""
    mixed = [r.competency_id for r in self_ratings if r.rater != "self"]
    mixed += [r.competency_id for r in supervisor_ratings if not r.rater.startswith("supervisor")]
    if mixed:
        raise ValueError(f"ratings of {sorted(set(mixed))} sit on the wrong side: pass self ratings (rater 'self') "
                         "and supervisor ratings (rater 'supervisor...') apart")
    catalog = competency_catalog(corpus)
    by_id = {c.id: c for c in catalog}
    order = {c.id: i for i, c in enumerate(catalog)}
    own = {r.competency_id: r for r in self_ratings}
    sup = {r.competency_id: r for r in supervisor_ratings}
    ids = sorted(own.keys() | sup.keys(), key=lambda cid: (order.get(cid, len(order)), cid))
    names = {r.competency_id: r.name for r in (*supervisor_ratings, *self_ratings)} | {c.id: c.name for c in catalog}
    items = tuple(_one(by_id.get(cid), cid, names[cid], own.get(cid), sup.get(cid), embedder) for cid in ids)
    method = (f"Evidence under {MIN_WORDS} words is thin"
              + (f"; so is evidence whose cosine similarity to the next level statement is under {SIMILARITY_FLOOR:.2f} "
                 f"({embedder.model_id})." if embedder else "; its fit with the statements was not measured."))
    return ReadinessReport(
        session_id=session_id, corpus_hash=corpus.content_hash, method=method, competencies=items,
        thin=tuple(i.competency_id for i in items if i.evidence_strength != "some"),
        disagreements=tuple(i.competency_id for i in items if i.agree is False),
        not_published=tuple(i.competency_id for i in items if i.next_statement_id and i.next_statement is None),
        summary=_summary(items),
    )


def session_readiness(coach: CoachingService, session_id: str, visitor_id: str | None = None) -> ReadinessReport:
    """The report for a coaching session (at any stage); an unknown or foreign session raises NotFoundError."""
    state = coach.state(session_id, visitor_id)
    supervisor = []
    for row in coach.store.supervisor_ratings(session_id):
        comp = coach.matcher.get(row.competency_id)
        supervisor.append(Rating(
            competency_id=row.competency_id, name=comp.name if comp else row.competency_id,
            domain=row.competency_id[0], level=row.level, not_sure=row.not_sure, evidence=row.evidence,
            rater=f"supervisor: {row.supervisor}" if row.supervisor else "supervisor"))
    return readiness(coach.corpus, coach.planner.self_ratings(state), supervisor,
                     embedder=coach.matcher.embedder, session_id=session_id)


def _level(value: float | None, not_sure: bool = False) -> str:
    return "not sure" if not_sure else ("not rated" if value is None else f"{value:g}")


def _cell(text: str) -> str:
    return " ".join(text.split())


def to_markdown(report: ReadinessReport) -> str:
    out = ["# Readiness report: evidence against the next level", ""]
    if report.session_id:
        out.append(f"Coaching session `{report.session_id}`. {report.method}")
    else:
        out.append(report.method)
    out += ["", "## Summary", "", report.summary, ""]
    for i in report.competencies:
        out += [f"## {i.competency_id} {i.name}", ""]
        out.append(f"- **Self level:** {_level(i.self_level, i.self_not_sure)}")
        if i.supervisor is not None:
            agree = {True: "same as the self level", False: "differs from the self level", None: "not compared"}
            out.append(f"- **Supervisor level** ({i.supervisor}): {_level(i.supervisor_level)} ({agree[i.agree]})")
        if i.next_statement:
            out.append(f"- **Next level ({i.next_statement_id}):** {_cell(i.next_statement)}")
        elif i.next_statement_note:
            out.append(f"- **Next level:** {i.next_statement_note}")
        out.append(f"- **Evidence (self):** {_cell(i.self_evidence) if i.self_evidence else 'none given'}")
        if i.supervisor is not None:
            out.append(f"- **Evidence (supervisor):** "
                       f"{_cell(i.supervisor_evidence) if i.supervisor_evidence else 'none given'}")
        out += [f"- **Evidence strength:** {i.evidence_strength}. {i.evidence_reason}", ""]
    out += ["---", "", report.disclaimer, ""]
    return "\n".join(out)
