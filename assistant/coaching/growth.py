"""Which areas a plan grows in: the areas chosen, the gaps between ratings and the goal, then the least secure.

Pure functions of the coaching state and the competency matcher; the flow calls them when the person picks
areas, passes over the question, or asks for the plan early.
"""

from __future__ import annotations

import math

from assistant.coaching.assess import CompetencyMatcher
from assistant.coaching.state import MAX_GROWTH, MIN_GROWTH, CoachState, GapState, GrowthState


def person_texts(state: CoachState) -> list[str]:
    """What the person said about their work and aims: role, goal and reflection answers."""
    return [state.profile.get(k, "") for k in ("role", "goal", "what", "so_what") if state.profile.get(k)]


def current(state: CoachState, cid: str) -> tuple[float | None, bool]:
    r = state.ratings.get(cid)
    return (r.level, r.not_sure) if r else (None, False)


def goal_gaps(state: CoachState, matcher: CompetencyMatcher, scope: int | None = None) -> list[GapState]:
    """Candidate areas whose goal level is above the rating (or whose rating is unsure), widest gap first;
    ``scope`` is the level the goal's reach points to (see ``CompetencyMatcher.goal_target``)."""
    goal = state.profile.get("goal", "")
    gaps: list[GapState] = []
    for cid in state.candidates:
        comp = matcher.get(cid)
        level, not_sure = current(state, cid)
        target = matcher.goal_target(goal, comp, scope=scope) if comp is not None else None
        if target is None:
            continue
        if (level is not None and target > level) or not_sure:
            gaps.append(GapState(competency_id=cid, current=level, not_sure=not_sure, target=target))
    return sorted(gaps, key=lambda g: -(g.target - (g.current or 0.0)))


def target(state: CoachState, cid: str, matcher: CompetencyMatcher, scope: int | None = None) -> int:
    """The level to grow toward: the goal gap's, else one above the rating, at least what the goal points to."""
    gap = next((x for x in state.gaps if x.competency_id == cid), None)
    if gap is not None:
        return gap.target
    level, _ = current(state, cid)
    comp = matcher.get(cid)
    goal_target = matcher.goal_target(state.profile.get("goal", ""), comp, scope=scope) if comp is not None else None
    step_up = 1 if level is None else min(3, math.floor(level) + 1)
    return max(goal_target or 0, step_up)


def compose_growth(state: CoachState, picks: list[str], matcher: CompetencyMatcher,
                   scope: int | None = None) -> list[GrowthState]:
    """Chosen areas first, then goal gaps, then the least secure ratings, 2 to 4 in all; never an excluded one."""
    reasons: dict[str, list[str]] = {}
    gap_ids = [x.competency_id for x in state.gaps if x.competency_id not in state.excluded]
    for cid in (c for c in dict.fromkeys(picks) if c not in state.excluded):
        reasons.setdefault(cid, []).append("chosen")
    for cid in gap_ids:
        if len(reasons) >= MAX_GROWTH and cid not in reasons:
            break
        reasons.setdefault(cid, []).append("goal_gap")

    def insecurity(cid: str) -> tuple[int, float]:
        level, not_sure = current(state, cid)
        return (0 if not_sure else 1, level if level is not None else 0.0)

    fillers = sorted((c for c in state.candidates if c not in reasons), key=insecurity)
    fillers += [t.id for t in matcher.touched(person_texts(state), k=6, threshold=-1.0)]
    for cid in (c for c in fillers if c not in state.excluded):
        if len(reasons) >= MIN_GROWTH:
            break
        reasons.setdefault(cid, ["suggested"])
    return [GrowthState(competency_id=cid, reasons=r, target=target(state, cid, matcher, scope))
            for cid, r in list(reasons.items())[:MAX_GROWTH]]
