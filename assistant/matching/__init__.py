"""Job posting -> framework competencies, required levels and evidence (and the reverse, role -> profile)."""

from assistant.matching.engine import PostingMatcher, Thresholds
from assistant.matching.explain import describe_match
from assistant.matching.models import (
    CompetencyMatch,
    DomainMatch,
    DroppedSpan,
    Evidence,
    JobProfile,
    MatchResult,
    ProfileItem,
    Span,
)

__all__ = [
    "CompetencyMatch",
    "DomainMatch",
    "DroppedSpan",
    "Evidence",
    "JobProfile",
    "MatchResult",
    "PostingMatcher",
    "ProfileItem",
    "Span",
    "Thresholds",
    "describe_match",
]
