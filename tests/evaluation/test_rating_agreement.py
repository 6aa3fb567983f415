"""Inter-rater agreement over stored rating records (pure: no database needed)."""

from __future__ import annotations

import pytest

from assistant.audit.ratings import RatingRecord
from assistant.evaluation.rating_agreement import agreement


def rec(turn: str, who: str, g: int, h: int = 3, t: int = 3) -> RatingRecord:
    return RatingRecord(turn, who, g, h, t, None, None, "2025-01-01T00:00:00+00:00", "2025-01-01T00:00:00+00:00")


def test_perfect_agreement_between_two() -> None:
    rs = [rec("t1", "a", 5), rec("t1", "b", 5), rec("t2", "a", 2), rec("t2", "b", 2), rec("t3", "a", 4), rec("t3", "b", 4)]
    g = agreement(rs)["criteria"]["groundedness"]
    assert g["cohen_pairs"][0]["kappa"] == pytest.approx(1.0) and g["cohen_mean"] == pytest.approx(1.0)
    assert g["fleiss"]["kappa"] == pytest.approx(1.0) and g["fleiss"]["raters_per_turn"] == 2


def test_everyone_giving_one_score_is_undefined_not_zero() -> None:
    rs = [rec("t1", "a", 5), rec("t1", "b", 5), rec("t2", "a", 5), rec("t2", "b", 5)]
    h = agreement(rs)["criteria"]["helpfulness"]
    assert h["cohen_pairs"][0]["kappa"] is None and "undefined" in h["cohen_pairs"][0]["reason"]
    assert h["fleiss"]["kappa"] is None


def test_fleiss_uses_turns_with_the_common_rater_count() -> None:
    rs = [rec("t1", "a", 1), rec("t1", "b", 2), rec("t1", "c", 1),
          rec("t2", "a", 5), rec("t2", "b", 5), rec("t2", "c", 4),
          rec("t3", "a", 3), rec("t3", "b", 3),  # only two raters: left out of Fleiss
          rec("t4", "a", 2)]  # one rater: no agreement to measure
    out = agreement(rs)
    assert out["turns_with_several_ratings"] == 3 and out["evaluators"] == ["a", "b", "c"]
    f = out["criteria"]["groundedness"]["fleiss"]
    assert f["turns"] == 2 and f["raters_per_turn"] == 3 and f["kappa"] is not None
    assert len(out["criteria"]["groundedness"]["cohen_pairs"]) == 3


def test_no_overlap_yet() -> None:
    out = agreement([rec("t1", "a", 3)])
    assert out["criteria"]["tone"]["cohen_pairs"] == [] and out["criteria"]["tone"]["fleiss"]["kappa"] is None
