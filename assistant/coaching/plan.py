"""From growth areas to a :class:`LearningPlan`: typed, cited, never prescriptive.

Each growth area gets three steps across development modes (an on-the-job stretch assignment in every
area, plus two of mentoring, community of practice, course or certificate and conference, rotated so
the plan spans them all). Every step cites the competency and, when published, the target level
statement (``A.4.L2``); resources are cited as ``res:<slug>`` and carry their ``confirmed`` flag.
Resources are chosen from the corpus only: by development mode and type, then ranked by whether the
corpus says they help develop the area and by how close they are to the person's role and setting.

    >>> planner = Planner(corpus, matcher, bank)                     # doctest: +SKIP
    >>> plan = planner.build("s1", state, ratings=[...])             # doctest: +SKIP
    >>> plan.growth_areas[0].steps[0].cites                          # doctest: +SKIP
    ['A.4', 'A.4.L2', 'res:on-the-job-learning']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from assistant.audit.db import utcnow
from assistant.coaching.assess import Competency, CompetencyMatcher, cached_embed
from assistant.coaching.questions import ModeSpec, QuestionBank
from assistant.coaching.state import MAX_GROWTH, CoachState
from assistant.framework.models import Corpus, Resource

OTHER_MODES = ("mentoring", "community", "course", "conference")
RESOURCES_PER_STEP = 2
PATHWAY_KIND = "pathway"
ROLE_MATCH = 0.45
# How many growth areas and steps per area a stated time allows (hours a week, upper bounds): under an
# hour a week two areas with two steps, under three hours three areas with two steps; else the full plan.
TIME_SIZES = ((1.0, 2, 2), (3.0, 3, 2))
FULL_STEPS = 3


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ResourceRef(_Value):
    id: str = Field(description="'res:<slug>'")
    slug: str
    name: str
    type: str
    url: str | None = None
    confirmed: bool
    caveats: str | None = None


class PlanStep(_Value):
    id: str = Field(description="'<competency id>/<mode>', stable across rebuilds")
    mode: str
    label: str
    text: str
    cites: tuple[str, ...] = Field(min_length=1)
    resources: tuple[ResourceRef, ...] = ()


class GrowthArea(_Value):
    competency_id: str
    name: str
    domain: str
    domain_name: str
    current_level: float | None
    not_sure: bool
    target_level: int
    target_statement_id: str | None = Field(description="None when the target statement is not published")
    target_statement: str | None
    reasons: tuple[str, ...]
    steps: tuple[PlanStep, ...]
    pathways: tuple[ResourceRef, ...] = ()


class PlanFit(_Value):
    """A constraint the person stated and how the plan keeps to it."""

    kind: str = Field(description="time | budget | schedule | format")
    said: str = Field(description="the person's own words")
    honoured: str


class Rating(_Value):
    """A self or supervisor rating with its evidence; the two are never merged."""

    competency_id: str
    name: str
    domain: str
    level: float | None
    not_sure: bool
    statement_id: str | None = None
    evidence: str | None = None
    rater: str = "self"
    hedged: bool = False


class Profile(_Value):
    role: str | None = None
    institution: str | None = None
    years: str | None = None
    career_stage: str | None = None
    goal: str | None = None
    support: str | None = None
    first_step: str | None = None
    role_refs: tuple[ResourceRef, ...] = ()


class Source(_Value):
    id: str
    title: str
    text: str | None = None
    url: str | None = None
    confirmed: bool = True


class ProgressEntry(_Value):
    item_id: str
    status: str
    note: str | None = None
    recorded_at: datetime


class LearningPlan(_Value):
    session_id: str
    created_at: datetime
    question_bank: str
    corpus_hash: str
    reflection_model: str
    reflection_model_refs: tuple[ResourceRef, ...] = ()
    profile: Profile
    self_ratings: tuple[Rating, ...]
    supervisor_ratings: tuple[Rating, ...] = ()
    fits: tuple[PlanFit, ...] = ()
    growth_areas: tuple[GrowthArea, ...]
    sources: tuple[Source, ...]
    progress: tuple[ProgressEntry, ...] = ()
    disclaimer: str

    @property
    def cited_ids(self) -> set[str]:
        out = {c for a in self.growth_areas for s in a.steps for c in s.cites}
        out |= {r.id for a in self.growth_areas for r in a.pathways}
        return out


@dataclass(frozen=True)
class PlanShape:
    """The plan's size and modes: ``areas`` growth areas of ``steps`` steps, a stretch assignment first, then
    modes from ``others`` (a preferred mode, ``lead``, in every area; the rest rotated across areas)."""

    areas: int
    steps: int
    others: tuple[str, ...]
    lead: tuple[str, ...] = ()
    fits: tuple[PlanFit, ...] = ()

    def modes_for(self, i: int) -> list[str]:
        rest = [m for m in self.others if m not in self.lead]
        rotated = rest[(2 * i) % len(rest):] + rest[:(2 * i) % len(rest)] if rest else []
        return list(dict.fromkeys(["stretch", *self.lead, *rotated]))[:self.steps]


def resource_ref(r: Resource) -> ResourceRef:
    return ResourceRef(id=f"res:{r.slug}", slug=r.slug, name=r.name, type=r.type, url=r.url,
                       confirmed=r.confirmed, caveats=r.caveats)


def _resource_text(r: Resource) -> str:
    return " ".join([r.name, r.kind, r.summary])


def _keyword_text(r: Resource) -> str:
    return " ".join([r.name, r.kind, r.summary, *r.offers, r.audience or ""]).lower()


class Planner:
    """Builds learning plans from a finished coaching state; holds resource vectors for ranking."""

    def __init__(self, corpus: Corpus, matcher: CompetencyMatcher, bank: QuestionBank) -> None:
        self.corpus = corpus
        self.matcher = matcher
        self.bank = bank
        self.resources = list(corpus.resources)
        self._vectors = cached_embed(matcher.embedder, [_resource_text(r) for r in self.resources])

    # ---------------------------------------------------------------- resource choice

    def _dev_modes(self, spec: ModeSpec) -> list[Resource]:
        names = [n.lower() for n in spec.development_mode_names]
        return [r for r in self.resources
                if r.type == "development_mode" and any(n in r.name.lower() for n in names)]

    def _relevance(self, r: Resource, comp: Competency) -> float:
        if comp.id in r.helps_develop:
            return 0.3
        return 0.15 if comp.domain in r.helps_develop else 0.0

    def _ranked(self, candidates: Sequence[Resource], comp: Competency, person: np.ndarray | None) -> list[Resource]:
        index = {r.slug: i for i, r in enumerate(self.resources)}

        def score(r: Resource) -> float:
            closeness = float(self._vectors[index[r.slug]] @ person) if person is not None else 0.0
            return self._relevance(r, comp) + closeness

        return sorted(candidates, key=lambda r: (-score(r), r.slug))

    def _mode_resources(self, spec: ModeSpec, comp: Competency, person: np.ndarray | None) -> list[Resource]:
        chosen = self._dev_modes(spec)[:1]
        if spec.resource_types:
            keywords = [k.lower() for k in spec.keywords]
            pool = [r for r in self.resources
                    if r.type in spec.resource_types and PATHWAY_KIND not in r.kind
                    and any(k in _keyword_text(r) for k in keywords)
                    and self._relevance(r, comp) > 0]
            chosen += self._ranked(pool, comp, person)[:RESOURCES_PER_STEP]
        return chosen

    def _pathways(self, comp: Competency, person: np.ndarray | None) -> list[Resource]:
        pool = [r for r in self.resources if PATHWAY_KIND in r.kind and self._relevance(r, comp) > 0]
        return self._ranked(pool, comp, person)[:1]

    def _role_refs(self, role_text: str) -> list[Resource]:
        roles = [(i, r) for i, r in enumerate(self.resources) if r.type == "role" and PATHWAY_KIND not in r.kind]
        if not role_text.strip() or not roles:
            return []
        q = cached_embed(self.matcher.embedder, [role_text])[0]
        best_i, best = max(roles, key=lambda ir: float(self._vectors[ir[0]] @ q))
        return [best] if float(self._vectors[best_i] @ q) >= ROLE_MATCH else []

    # ---------------------------------------------------------------- the plan

    def _step(self, spec: ModeSpec, comp: Competency, target: int, idea: str,
              person: np.ndarray | None) -> PlanStep:
        st = comp.statement(target)
        published = st is not None and st.complete
        target_id = st.id if published and st is not None else comp.id
        target_text = st.text if published and st is not None else (
            f"level {target}, whose statement is not in the corpus")
        text = spec.step.format(name=comp.name, target=target_text.rstrip("."), target_id=target_id, idea=idea)
        resources = self._mode_resources(spec, comp, person)
        cites = [comp.id] + ([target_id] if published else []) + [f"res:{r.slug}" for r in resources]
        return PlanStep(id=f"{comp.id}/{spec.mode}", mode=spec.mode, label=spec.label, text=text,
                        cites=tuple(dict.fromkeys(cites)), resources=tuple(resource_ref(r) for r in resources))

    def build(
        self,
        session_id: str,
        state: CoachState,
        *,
        supervisor_ratings: Sequence[Rating] = (),
        progress: Sequence[ProgressEntry] = (),
        created_at: datetime | None = None,
    ) -> LearningPlan:
        p = state.profile
        person_text = " ".join(p.get(k, "") for k in ("role", "institution", "goal")).strip()
        person = cached_embed(self.matcher.embedder, [person_text])[0] if person_text else None
        shape = self.shape(state)
        areas = []
        for i, g in enumerate(state.growth[:shape.areas]):
            comp = self._comp(g.competency_id)
            rating = state.ratings.get(comp.id)
            ideas = self.bank.domain(comp.domain).stretch_ideas
            steps = tuple(self._step(self.bank.mode(m), comp, g.target, ideas[i % len(ideas)], person)
                          for m in shape.modes_for(i))
            st = comp.statement(g.target)
            published = st is not None and st.complete
            areas.append(GrowthArea(
                competency_id=comp.id, name=comp.name, domain=comp.domain, domain_name=comp.domain_name,
                current_level=rating.level if rating else None, not_sure=bool(rating and rating.not_sure),
                target_level=g.target, target_statement_id=st.id if published and st else None,
                target_statement=st.text if published and st else None, reasons=tuple(g.reasons), steps=steps,
                pathways=tuple(resource_ref(r) for r in self._pathways(comp, person)),
            ))
        ratings = tuple(self.self_ratings(state))
        model_refs = [r for r in self.resources if r.type == "reflection_model"
                      and any(n.lower() in r.name.lower() for n in self.bank.reflection_model.resource_names)]
        profile = Profile(
            role=p.get("role") or None, institution=p.get("institution") or None, years=p.get("years") or None,
            career_stage=p.get("career_stage") or None, goal=p.get("goal") or None,
            support=p.get("support") or None, first_step=p.get("first_step") or None,
            role_refs=tuple(resource_ref(r) for r in self._role_refs(p.get("role", ""))),
        )
        plan = LearningPlan(
            session_id=session_id, created_at=created_at or utcnow(), question_bank=self.bank.ref,
            corpus_hash=self.corpus.content_hash, reflection_model=self.bank.reflection_model.name,
            reflection_model_refs=tuple(resource_ref(r) for r in model_refs), profile=profile,
            self_ratings=ratings, supervisor_ratings=tuple(supervisor_ratings), fits=shape.fits,
            growth_areas=tuple(areas),
            sources=(), progress=tuple(progress), disclaimer=self.bank.disclaimer,
        )
        return plan.model_copy(update={"sources": tuple(self._sources(plan))})

    def shape(self, state: CoachState) -> PlanShape:
        """How big the plan is and which development modes it uses, from the constraints the person stated."""
        fit = self.bank.fit
        areas, steps = MAX_GROWTH, FULL_STEPS
        free_only = any(c.kind == "budget" for c in state.constraints)
        preferred = [m for c in state.constraints if c.kind == "format" and not c.avoid for m in c.modes]
        avoided = {m for c in state.constraints if c.kind == "format" and c.avoid for m in c.modes}
        fits: list[PlanFit] = []
        for c in state.constraints:
            if c.kind == "time" and c.hours_a_week is not None:
                areas, steps = next(((a, n) for limit, a, n in TIME_SIZES if c.hours_a_week < limit), (areas, steps))
                per = c.per or "week"
                fits.append(PlanFit(kind="time", said=c.said, honoured=fit.time.format(
                    hours=f"{c.hours:g}", unit="hour" if c.hours == 1 else "hours", per=per, areas=areas,
                    steps=steps)))
            elif c.kind == "time":
                fits.append(PlanFit(kind="time", said=c.said, honoured=fit.time_unmeasured))
            elif c.kind == "budget":
                fits.append(PlanFit(kind="budget", said=c.said, honoured=fit.budget))
            elif c.kind == "schedule":
                fits.append(PlanFit(kind="schedule", said=c.said, honoured=fit.schedule))
            elif c.modes:
                labels = ", ".join(self.bank.mode(m).label.lower() for m in c.modes)
                fits.append(PlanFit(kind="format", said=c.said, honoured=(fit.format_avoid if c.avoid
                                                                          else fit.format_prefer).format(modes=labels)))
            else:
                fits.append(PlanFit(kind="format", said=c.said, honoured=fit.format_open))
        if state.revisions:  # each "make it smaller" drops an area (one is kept) and a step (two are kept)
            areas = max(1, min(areas, len(state.growth)) - state.revisions)
            steps = max(2, steps - state.revisions)
        others = [m for m in OTHER_MODES if m not in avoided
                  and not (free_only and self.bank.mode(m).costs_money)]
        others = list(dict.fromkeys([*(m for m in preferred if m in others), *others])) or ["mentoring"]
        return PlanShape(areas=areas, steps=steps, others=tuple(others), lead=tuple(p for p in preferred
                                                                                    if p in others), fits=tuple(fits))

    def self_ratings(self, state: CoachState) -> list[Rating]:
        out = []
        for cid, r in state.ratings.items():
            comp = self._comp(cid)
            out.append(Rating(competency_id=cid, name=comp.name, domain=comp.domain, level=r.level,
                              not_sure=r.not_sure, statement_id=r.statement_id, evidence=r.evidence or r.said,
                              hedged=r.hedged))
        return out

    def _comp(self, cid: str) -> Competency:
        comp = self.matcher.get(cid)
        if comp is None:
            raise KeyError(f"competency {cid} is not in the corpus")
        return comp

    def _sources(self, plan: LearningPlan) -> list[Source]:
        ids = list(dict.fromkeys(
            [c for a in plan.growth_areas for s in a.steps for c in s.cites]
            + [r.id for a in plan.growth_areas for r in a.pathways]
            + [r.id for r in plan.profile.role_refs] + [r.id for r in plan.reflection_model_refs]
            + [r.statement_id for r in plan.self_ratings if r.statement_id]
        ))
        out = []
        for sid in ids:
            if sid.startswith("res:"):
                res = self.corpus.resource(sid[4:])
                if res is not None:
                    out.append(Source(id=sid, title=res.name, text=res.summary.strip(), url=res.url,
                                      confirmed=res.confirmed))
                continue
            cid, _, lvl = sid.partition(".L")
            comp = self._comp(cid)
            if lvl:
                st = comp.statement(int(lvl))
                out.append(Source(id=sid, title=f"{comp.label}, level {lvl}", text=st.text if st else None))
            else:
                out.append(Source(id=sid, title=comp.label, text=comp.description.strip() if comp.description else None))
        fw = self.corpus.framework.manifest
        out.append(Source(id="framework", title=f"{fw.name} ({fw.owner})", text=fw.statement.strip()))
        return out
