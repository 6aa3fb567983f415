"""Inter-rater agreement of the human ratings in the audit store, per criterion.

Scores are 1-5 ordinal, so Cohen's kappa uses quadratic weights (a 4 against a 5 is a near miss), for
each pair of evaluators over the turns both rated. Fleiss' kappa needs the same number of raters per
item: it uses the turns rated by the most common number (two or more) of evaluators, and says how many.
A kappa that cannot be computed is ``None`` with the reason, never 0.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from typing import Any

from assistant.audit.ratings import CRITERIA, SCALE, RatingRecord
from assistant.evaluation.metrics import MetricResult, cohens_kappa, fleiss_kappa


def _kappa(fn: Callable[..., MetricResult], *args: Any, **kwargs: Any) -> dict[str, Any]:
    try:
        r = fn(*args, **kwargs)
    except ValueError as exc:
        return {"kappa": None, "reason": str(exc)}
    value = r.score if r.score == r.score else None  # NaN: undefined (everyone gave one same score)
    return {"kappa": value, "observed_agreement": r.details.get("observed_agreement"),
            "reason": r.details.get("degenerate")}


def agreement(ratings: list[RatingRecord]) -> dict[str, Any]:
    """Per criterion: pairwise weighted Cohen's kappa and Fleiss' kappa (see the module docstring)."""
    by_turn: dict[str, dict[str, RatingRecord]] = {}
    for r in ratings:
        by_turn.setdefault(r.turn_id, {})[r.evaluator] = r
    evaluators = sorted({r.evaluator for r in ratings})
    multi = {t: rs for t, rs in by_turn.items() if len(rs) >= 2}
    counts = Counter(len(rs) for rs in multi.values())
    raters = max(counts, key=lambda n: (counts[n], n)) if counts else 0
    fleiss_turns = sorted(t for t, rs in multi.items() if len(rs) == raters)
    out: dict[str, Any] = {"ratings": len(ratings), "turns": len(by_turn), "evaluators": evaluators,
                           "turns_with_several_ratings": len(multi), "criteria": {}}
    for criterion in CRITERIA:
        pairs = []
        for a, b in itertools.combinations(evaluators, 2):
            common = sorted(t for t, rs in by_turn.items() if a in rs and b in rs)
            if not common:
                continue
            xs = [getattr(by_turn[t][a], criterion) for t in common]
            ys = [getattr(by_turn[t][b], criterion) for t in common]
            pairs.append({"a": a, "b": b, "turns": len(common), **_kappa(cohens_kappa, xs, ys, weights="quadratic")})
        if fleiss_turns:
            matrix = [[sum(1 for r in by_turn[t].values() if getattr(r, criterion) == v) for v in SCALE]
                      for t in fleiss_turns]
            fleiss = {"turns": len(fleiss_turns), "raters_per_turn": raters, **_kappa(fleiss_kappa, matrix)}
        else:
            fleiss = {"turns": 0, "kappa": None, "reason": "no turn has two or more ratings yet"}
        kappas = [p["kappa"] for p in pairs if p["kappa"] is not None]
        out["criteria"][criterion] = {
            "cohen_pairs": pairs,
            "cohen_mean": sum(kappas) / len(kappas) if kappas else None,
            "fleiss": fleiss,
        }
    return out
