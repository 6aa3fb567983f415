"""Which parts of a posting are not duties or requirements, and why.

Two signals, both rules a reader can check: the *section* a line sits in (the heading above it: "About us",
"Benefits", "How to apply") and the *sentence* itself (an equal-opportunity formula, a salary, an
application address, an organization describing itself). A line inside a duties or requirements section
is only dropped by a sentence rule, never by its section. Returns the reason for each segment, or None
when the segment should be matched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.matching.text import Segment

ABOUT = "about the organization"
BENEFITS = "compensation and benefits"
EEO = "equal-opportunity statement"
APPLY = "how to apply"
DETAILS = "job details (schedule, location, status)"
PAGE = "web page text (navigation, footer)"
NOT_ENGLISH = "not in English (only English is supported)"

_I = re.I

# --- section headings
_H_ROLE = re.compile(
    r"\b(about (the|this|your) (role|position|job|opportunity|internship|team)|about you|the role|the position"
    r"|position|role|job|responsibilit|duties|what you|you will|you'll|qualification|requirement|skills"
    r"|experience|summary|overview|description|functions|looking for|who should apply|bring|need|intern"
    r"|opportunity)",
    _I,
)
_H_SECTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (EEO, re.compile(r"equal (employment )?opportunit|\beeo\b|non-?discrimination|diversity statement", _I)),
    (APPLY, re.compile(r"\b(how to apply|to apply|apply|application|next steps|to be considered)\b", _I)),
    (BENEFITS, re.compile(r"\b(benefits|compensation|salary|pay|perks|what we offer|we offer|why (work|join))\b", _I)),
    (DETAILS, re.compile(r"^(schedule|hours|job type|status|job details|dates|travel)$", _I)),
    (ABOUT, re.compile(r"^(about\b|who we are|our (organization|mission|story|museum|center|company)\b)", _I)),
)

# --- sentences
_S_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (EEO, re.compile(
        r"equal (employment )?opportunit|\beeoc?\b|\beoe\b|affirmative action|do(es)? not discriminate"
        r"|reasonable accommodation|e-verify|values diversity at all levels"
        r"|\bcommitted to\b.*\bdivers(e|ity)\b", _I)),
    (APPLY, re.compile(
        r"\bto apply\b|^apply\b|\bapply (online|now|in person|by|at|through|here|today)\b"
        r"|submit (a |your )?(cover letter|resume|résumé|cv|application)|send (a |your )?(resume|résumé|cv|cover letter)"
        r"|applications? (will be|are) (reviewed|accepted|considered)|review of applications|no phone calls"
        r"|until the position is filled|nominations and applications|\bcareers? (page|site)\b"
        r"|(email|send)\b.*\b(resume|résumé|cv)\b", _I)),
    (BENEFITS, re.compile(
        r"\b(salary|wage|pay rate|hourly rate)\b|^pay\b|\bcompensation\b.*\b(competitive|commensurate|range|\$)"
        r"|\$\s?\d[\d,.]*(k\b)?\s*(?:[-–—]|to)?\s*(?:\$\s?\d[\d,.]*)?\s*(?:/\s?|per\s)(hour|hr|year|yr|annum)"
        r"|\b(401|403)\s?\(?[kb]\)?|\bpto\b|paid (time off|parental|leave)|\b(health|medical|dental|vision|life)"
        r"( insurance|, dental|, vision| and dental| benefits)|retirement (plan|match)|benefits (include|after)"
        r"|comprehensive benefits|competitive (salary|pay|benefits)|\bperks\b|free (admission|membership)"
        r"|unlimited pto|\bequity\b.*\bpto\b|generous leave", _I)),
    (PAGE, re.compile(r"©|&copy;|all rights reserved|^home\s*>|cookie(s)? (policy|settings)", _I)),
    (DETAILS, re.compile(
        r"^(reports to|status|schedule|hours|job type|department|flsa|start date|dates|closing date"
        r"|employment type|position type|travel|supervisor)\s*[:\-–]"
        r"|\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|weekdays)\b.*\d\s*(am|pm|a\.m\.|p\.m\.)", _I)),
)
_DETAIL_WORDS = re.compile(
    r"\b(full[- ]time|part[- ]time|non-?exempt|exempt|seasonal|temporary|remote|hybrid|on-?site|hours/week"
    r"|hours per week|travel up to)\b", _I)
_DUTY_VERB = re.compile(
    r"^(lead|manage|develop|deliver|support|assist|help|create|design|plan|coordinate|oversee|ensure|work|build"
    r"|teach|facilitate|conduct|write|prepare|track|serve|maintain|follow|use|identify|define|establish|direct)\b",
    _I)

# an organization describing itself: "<Name ...> is/welcomes/serves ..." or "We are/serve/..."
_ORG_SUBJECT = re.compile(
    r"^(?:the\s+)?(?:(?:[A-Z][\w'’&.-]*|of|for|and|at|the|de)\s+){0,8}?(?:[A-Z][\w'’&.-]*)\s+"
    r"(?:is|are|has|holds|welcomes|serves|connects|builds|inspires|cultivates|operates|presents|offers|provides"
    r"|was|began|celebrates|reaches|brings|helps|invites you)\b"
)
_WE = re.compile(
    r"^(we|its|our (\w+ )?(mission|vision|museum|center|organization|team|campus|park|garden|zoo))\b"
    r"(?!.*\b(seek|seeking|looking for|hiring|need)\b)", _I)
_ORG_FACTS = re.compile(
    r"\bfounded in\b|\baccredited by\b|\bhome to\b|\b(welcomes?|serves?|reach(es)?|draws?)\s+(more than |over |nearly |about )?"
    r"[\d,.]+\s*(million |thousand )?(visitors|guests|students|children|people|members)|annual (visitors|attendance)",
    _I)
_SEEKING = re.compile(r"\b(seeks?|seeking|is looking for|are looking for|is hiring|invites applications)\b", _I)


def section_reason(heading: str) -> str | None:
    """Reason to drop a whole section, from its heading; None for duties, requirements and unknown headings."""
    h = heading.strip().rstrip(":")
    if not h:
        return None
    for reason, pattern in _H_SECTIONS:
        if pattern.search(h):
            if reason == ABOUT and _H_ROLE.search(h):
                return None  # "About the role" describes the job
            if reason == APPLY and _H_ROLE.search(h) and not re.search(r"how to apply|to apply", h, _I):
                return None
            return reason
    return None


def sentence_reason(seg: Segment, in_preamble: bool, is_title: bool = False) -> str | None:
    """Reason to drop one segment, from its own wording (a posting's title is never "job details")."""
    text = seg.text
    for reason, pattern in _S_RULES:
        if pattern.search(text):
            if reason == BENEFITS and _DUTY_VERB.search(text) and not re.search(r"salary|wage|\bpay\b", text, _I):
                continue  # "Manage budgets of up to $250,000 per year" is a duty
            return reason
    if seg.words <= 14 and not is_title and _DETAIL_WORDS.search(text) and not _DUTY_VERB.search(text):
        return DETAILS
    about = _ORG_SUBJECT.search(text) or _WE.search(text) or _ORG_FACTS.search(text)
    if in_preamble and about and not _SEEKING.search(text) and not re.search(r"\b(you|your)\b", text, _I):
        return ABOUT
    return None


def body_start(segments: Sequence[Segment]) -> int:
    """Index of the first duties/requirements heading after the title (0 when there is none).

    Lines before it introduce the organization or the posting; when a posting has such headings, only
    the lines under them are evidence of what the job asks for.
    """
    for i, seg in enumerate(segments):
        if i > 0 and seg.kind == "heading" and section_reason(seg.text) is None and _H_ROLE.search(seg.text):
            return i
    return 0


def classify(segments: Sequence[Segment]) -> list[str | None]:
    """Drop reason (or None) for each segment, in order."""
    reasons: list[str | None] = []
    section_drop: str | None = None
    preamble = True  # before the first duties/requirements heading, and inside "about" sections
    for i, seg in enumerate(segments):
        if seg.kind == "heading":
            if i == 0:  # the posting's title: its role words ("Intern", "Position") do not end the preamble
                reasons.append(sentence_reason(seg, False, is_title=True))
                continue
            section_drop = section_reason(seg.text)
            if section_drop is None and _H_ROLE.search(seg.text):
                preamble = False
            elif section_drop == ABOUT:
                preamble = True
            if section_drop is not None:
                reasons.append(section_drop)
            else:
                reasons.append(sentence_reason(seg, preamble) if seg.words > 3 else None)
            continue
        own = sentence_reason(seg, preamble or section_drop == ABOUT)
        reasons.append(own or section_drop)
    return reasons
