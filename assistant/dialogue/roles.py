"""Questions that ask what a role needs: "Which competencies matter for a volunteer coordinator?".

Retrieval answers them poorly (it finds the definition of "competencies"); the job-profile engine
answers them well (the role's typical duties through the posting matcher). This module only reads the
question: it returns the role and institution it names, or None.

    >>> role_question("I'm a floor educator at a science center. Which competencies matter most?")
    RoleQuestion(role='floor educator', institution='science center')
    >>> role_question("Which competencies does Level 2 in Finances need?") is None
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ASKS = re.compile(
    r"\b(?:competenc(?:y|ies)|skills?|levels?|domains?)\b.{0,60}?"
    r"\b(?:matter|need(?:ed)?|important|required|expected|relevant|fit|apply|should|must|do)\b"
    r"|\b(?:what|which)\s+(?:competenc(?:y|ies)|skills?|domains?)\b",
    re.IGNORECASE,
)
_ARTICLE = r"(?:an?|the|our|my|a\s+new)\s+"
_ROLE = r"(?P<role>[a-z][a-z/&' -]{2,60}?)"
_INST = rf"(?:\s+(?:at|in|for|with)\s+(?:{_ARTICLE})?(?P<inst>[a-z][a-z' -]{{2,50}}?))?"
_END = r"\s*(?:[.?!,;:]|$)"
_SELF = re.compile(rf"\b(?:i\s*am|i'm|im|i\s+work\s+as|i'm\s+working\s+as|as)\s+{_ARTICLE}{_ROLE}{_INST}{_END}",
                   re.IGNORECASE)
_FOR = re.compile(rf"\b(?:for|as|of)\s+{_ARTICLE}{_ROLE}{_INST}{_END}", re.IGNORECASE)
_DOES = re.compile(
    rf"\b(?:does|do|would|should|must|will)\s+{_ARTICLE}{_ROLE}{_INST}\s+(?:need|have|require|use|show|develop)\b",
    re.IGNORECASE,
)
# words that end a role phrase early ("a coordinator who ...", "an educator and ...")
_CUT = re.compile(r"\s+(?:who|that|and|but|so|which|because|with|looking|trying)\b.*$", re.IGNORECASE)
# what follows "for a/the" without being a role
_NOT_ROLES = re.compile(
    r"^(?:job posting|posting|position like|role like|career|good|"
    r"new job|job|while|change|start|long time|few|lot|year|month|week|day)",
    re.IGNORECASE,
)
# a phrase that names part of the framework is not a role ("the Audiences category", "levels of ...")
_FRAMEWORK_WORDS = re.compile(
    r"\b(?:levels?|categor(?:y|ies)|domains?|competenc\w*|frameworks?|[A-D]\.\d)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class RoleQuestion:
    role: str
    institution: str | None = None


def role_question(text: str) -> RoleQuestion | None:
    """The role (and institution) a short question asks the competencies of, or None."""
    if len(text) > 400 or not _ASKS.search(text):
        return None
    for pattern in (_SELF, _DOES, _FOR):
        for m in pattern.finditer(text):
            role = re.sub(r"^(?:new|future|aspiring)\s+", "", _CUT.sub("", m.group("role")), flags=re.I).strip(" -/'")
            if len(role) < 3 or _NOT_ROLES.match(role) or _FRAMEWORK_WORDS.search(role):
                continue
            inst = _CUT.sub("", m.group("inst") or "").strip(" -'") or None
            return RoleQuestion(role=" ".join(role.split()).lower(), institution=inst and " ".join(inst.split()).lower())
    return None
