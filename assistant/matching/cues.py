"""Matching cues per framework item: example duties and lexical patterns.

This is project judgment used only to *recognise* what a posting asks for; it is never shown to users as
framework content (answers cite the corpus statements). Each published category gets example duty lines
as they typically appear in job postings across ISL roles, plus word patterns that are strong evidence on
their own. Domain D (General Expertise) has no published categories, so it is matched as a domain from
the interpersonal and intrapersonal ("soft") skills postings ask for.

The example lines were written from the category descriptions, not from the evaluation postings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    item: str
    examples: tuple[str, ...]
    pattern: re.Pattern[str]


def _p(rx: str) -> re.Pattern[str]:
    return re.compile(rx, re.I)


CUES: tuple[Cue, ...] = (
    Cue(
        "A.1",
        (
            "Understand and support the organization's mission, vision and values.",
            "Contribute to the strategic plan and set annual goals for the institution.",
            "Shape the institution's strategic direction and priorities with the board.",
            "Explain the mission of the museum to visitors, partners and funders.",
            "Align department goals with the institution's mission and strategic plan.",
        ),
        _p(r"\bmission\b|\bvision\b|strategic (plan|direction|priorities|goals|planning)|institutional (goals|priorities)"),
    ),
    Cue(
        "A.2",
        (
            "Supervise, hire and train staff and manage the team.",
            "Design the organizational structure, reporting lines and staffing plan.",
            "Coordinate with other departments across the institution.",
            "Learn how the organization's departments work together.",
            "Lead and reorganize a department of staff.",
        ),
        _p(
            r"\b(supervis\w*|hire|hiring|recruit\w* (and|,) (train|onboard)\w*|staffing|org(anizational)? chart"
            r"|organizational structure|reporting lines|reorganiz\w*|departments? (work|fit) together"
            r"|(other|across|all) departments|cross-departmental|direct reports|team of \w+ (staff|employees))\b"
        ),
    ),
    Cue(
        "A.3",
        (
            "Follow safety procedures and institutional policies.",
            "Develop, update and enforce organizational policies and procedures.",
            "Ensure compliance with laws, regulations and grant requirements.",
            "Maintain the employee handbook and human resources policies.",
            "Follow child protection, emergency and risk management procedures.",
        ),
        _p(
            r"\b(polic(y|ies)|procedures?|protocols?|compliance|complies|comply|regulations?|regulatory|code of conduct"
            r"|handbook|risk management|safeguarding|internal controls|standards?)\b"
        ),
    ),
    Cue(
        "A.4",
        (
            "Manage the department budget and monitor revenue and expenses.",
            "Write grant proposals and raise funds from donors, foundations and sponsors.",
            "Work within the program budget and track spending.",
            "Prepare financial statements, forecasts and the annual audit.",
            "Provide financial leadership for multi-institution projects.",
            "Grow earned revenue and lead fundraising work.",
        ),
        _p(
            r"\b(budgets?|financ\w*|fundrais\w*|grants?|donors?|revenue|expenses?|spending|accounting|payroll"
            r"|audit|cash flow|funders?|capital campaign|earned income|sponsors?|procurement)\b"
        ),
    ),
    Cue(
        "B.1",
        (
            "Identify the learning outcomes of programs for their audiences.",
            "Evaluate what visitors learn and experience and report on outcomes.",
            "Understand the needs and interests of diverse audiences and communities.",
            "Define the outcomes the institution aims to achieve for the people it serves.",
            "Adapt programs for different ages, abilities and backgrounds.",
            "Conduct audience research and visitor studies.",
            "Analyze survey data to understand who our members and visitors are and what brings them back.",
        ),
        _p(
            r"\b(outcomes?|impact|audiences?|visitor (studies|research|experience)|evaluat\w*|learning goals"
            r"|what (visitors|participants) (learn|gain)|needs of|underserved|accessib\w*"
            r"|(members?|visitors?|guests?|participants?|audiences?) (surveys?|feedback|data|research|insights)"
            r"|who (our|its|the) (members|visitors|guests|audiences|participants) are)\b"
        ),
    ),
    Cue(
        "B.2",
        (
            "Build partnerships with community organizations and neighborhoods.",
            "Understand the role of science museums in society and in the local community.",
            "Strengthen the institution's place as a trusted community resource.",
            "Advocate for informal science learning with policymakers and the public.",
            "Know the history of the institution and its relationship with its community.",
        ),
        _p(
            r"\b(community (partners\w*|engagement|organizations|groups|needs|trust|advisory)|civic|in society"
            r"|role of (\w+ )?(museums|science centers|institutions)|public (understanding|value)|advoca\w*"
            r"|neighborhoods?|history (of|in) the (city|community))\b"
        ),
    ),
    Cue(
        "C.1",
        (
            "Deliver engaging programs, demonstrations and tours for visitors.",
            "Teach hands-on activities for school groups, camps and families.",
            "Develop and manage education programs, exhibits and curricula.",
            "Design interactive exhibits and write label text.",
            "Collect and analyze evaluation data and write reports.",
            "Train volunteers and staff to facilitate activities with guests.",
            "Create new practices and publish or present them to the field at conferences.",
        ),
        _p(
            r"\b(programs?|exhibits?|exhibitions?|demonstrations?|workshops?|curricul\w*|lessons?|tours?|camps?"
            r"|activities|shows?|facilitat\w*|teach\w*|interpret\w*|prototyp\w*|training|publish\w*|conferences?)\b"
        ),
    ),
    Cue(
        "C.2",
        (
            "Use project management tools to keep work on schedule and within resources.",
            "Streamline processes and workflows to save staff time.",
            "Manage schedules, databases and records efficiently.",
            "Improve efficiency through technology, automation and shared services.",
            "Prioritize tasks and use time and materials wisely.",
        ),
        _p(
            r"\b(efficien\w*|streamlin\w*|workflows?|project management|databases?|scheduling|schedules?|automat\w*"
            r"|process improvement|tracking tools|software|systems?|deadlines|timelines?|calendar|records)\b"
        ),
    ),
    Cue(
        "D",
        (
            "Excellent written and verbal communication skills.",
            "Works well as part of a team and builds positive relationships.",
            "Strong interpersonal skills and a friendly, patient manner.",
            "Organized, flexible, dependable and able to manage multiple priorities.",
            "Handles sensitive, difficult or conflict situations with tact and sound judgment.",
            "Inspires and models collaborative, inclusive leadership.",
        ),
        _p(
            r"\b(communication|interpersonal|team ?work|as part of a team|collaborat\w*|relationship"
            r"|listening|(highly|well|very) organized|organizational skills|flexib\w*|reliab\w*|attitude|patient|judgment|integrity"
            r"|discretion|tact|negotiat\w*|problem[- ]solving|attention to detail|leadership skills|mentor\w*"
            r"|independently|enthusias\w*|passion|cheerful|friendly|willingness to learn)\b"
        ),
    ),
)

CUE_BY_ITEM = {c.item: c for c in CUES}

# Requirements the framework does not describe: credentials, physical demands, availability, languages.
UNCOVERED = _p(
    r"\b(licen[cs]e[ds]?|certificat\w*|certified|\bcpa\b|\bmba\b|\bpmp\b|shrm|\bphr\b|degree|bachelor|master'?s"
    r"|doctorate|ph\.?\s?d|first aid|\bcpr\b|lift(ing)? (up to )?\d+|\d+\s?(lbs|pounds|kg)\b|stand for"
    r"|hike|walk up to|background check|drug (screen|test)|at least \d+ years old|years of age|weekends?|evenings"
    r"|overtime|availability|available to work|bilingual|fluen\w+|language skills|spanish|kubernetes|aws\b"
    r"|driver'?s|valid (driver|license))\b"
)
