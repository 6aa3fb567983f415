"""Reverse direction: a role (and optionally an institution type) -> suggested competencies and levels.

The framework has no job-title taxonomy, so the typical duties below are project judgment: a short list
of duties per common ISL role. The role a user names is matched to one of them (title words first, then
embedding similarity), and those duties go through the same line scorer and level rules as a pasted
posting. Every suggestion carries the corpus statement for its level and the duties that led to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from assistant.errors import EmptyInputError, InputTooLargeError
from assistant.matching.models import JobProfile, ProfileItem

if TYPE_CHECKING:
    from assistant.matching.engine import PostingMatcher

MAX_ROLE_CHARS = 200


@dataclass(frozen=True)
class Archetype:
    name: str
    aliases: tuple[str, ...]
    duties: tuple[str, ...]


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype("front-line educator", ("educator", "facilitator", "explainer", "interpreter", "docent", "presenter",
                                      "naturalist", "instructor", "teacher"), (
        "Deliver science demonstrations, programs and tours for visitors and school groups.",
        "Adapt activities to the ages, abilities and interests of different audiences.",
        "Follow safety procedures and institutional policies.",
        "Communicate clearly and work well as part of a team.",
    )),
    Archetype("visitor experience associate", ("visitor services", "guest services", "visitor experience", "front desk",
                                               "guest experience"), (
        "Welcome visitors and help them make the most of their visit.",
        "Follow policies for entry, cash handling and emergencies.",
        "Friendly, patient and clear communication with the public.",
    )),
    Archetype("animal or plant keeper", ("keeper", "aquarist", "animal care", "husbandry", "horticultur",
                                       "gardener", "plant collections"), (
        "Care for animals or plant collections following husbandry protocols and safety procedures.",
        "Deliver keeper talks, feedings and interpretive programs for visitors.",
        "Keep accurate daily records in the collection's record-keeping system.",
        "Communicate clearly with colleagues and work well as part of a team.",
    )),
    Archetype("exhibit developer", ("exhibit", "exhibition", "content developer", "designer"), (
        "Develop exhibit concepts, interpretive plans and label text.",
        "Test early versions of exhibits with visitors and use the results to improve them.",
        "Define learning outcomes for each exhibit for its intended audiences.",
        "Manage exhibit project budgets and schedules.",
        "Coordinate with other departments across the institution.",
        "Collaborate with designers, educators and fabricators.",
    )),
    Archetype("evaluator", ("evaluat", "research", "audience research", "visitor studies"), (
        "Carry out evaluation studies of programs and exhibits and write reports.",
        "Identify the outcomes programs achieve for their audiences.",
        "Follow research ethics and data privacy policies.",
        "Use project tracking tools to plan data collection efficiently.",
        "Attention to detail and clear communication of findings.",
    )),
    Archetype("volunteer coordinator", ("volunteer",), (
        "Recruit, train and schedule volunteers.",
        "Deliver volunteer training on guest engagement.",
        "Ensure volunteers follow safety rules and the code of conduct.",
        "Plan recognition events within the approved budget.",
        "Use the volunteer database to track hours efficiently.",
        "Strong interpersonal skills and tact in resolving concerns.",
    )),
    Archetype("program manager", ("program manager", "programs manager", "education manager", "program coordinator",
                                  "manager of programs", "camp"), (
        "Develop and manage a portfolio of education programs.",
        "Supervise, hire and train program staff.",
        "Manage the program budget and monitor revenue and expenses.",
        "Set annual program goals that support the institution's strategic plan.",
        "Use participant feedback to improve programs and report on outcomes.",
        "Update program risk management procedures.",
    )),
    Archetype("director of education", ("director of education", "education director", "head of learning",
                                        "vice president of education", "chief learning"), (
        "Set the strategic direction for education in line with the institution's mission.",
        "Direct the development of education programs for diverse audiences.",
        "Define institution-wide learning outcomes and use evaluation to improve impact.",
        "Manage the education department budget and secure grants.",
        "Lead and organize a department of staff.",
        "Establish department policies and procedures.",
        "Share the institution's work at national conferences.",
    )),
    Archetype("finance manager", ("financ", "accounting", "controller", "cfo", "business manager", "bookkeeper"), (
        "Lead the annual budget process and monitor budgets.",
        "Prepare financial statements and manage the audit.",
        "Write financial policies and internal controls and see that they are followed.",
        "Improve efficiency through better financial systems.",
        "Explain financial information clearly to non-financial staff.",
    )),
    Archetype("development officer", ("development", "fundrais", "grant", "donor", "advancement", "philanthropy"), (
        "Write grant proposals and reports and manage a portfolio of funders.",
        "Grow contributed revenue from donors, foundations and sponsors.",
        "Connect funders' priorities to the institution's mission and goals.",
        "Describe the outcomes of programs for the communities served.",
        "Keep donor records accurate in the database.",
    )),
    Archetype("executive director", ("executive director", "ceo", "president", "chief executive", "head of museum"), (
        "Shape the institution's mission, vision and strategic direction with the board.",
        "Lead fundraising and ensure long-term financial sustainability.",
        "Build the senior leadership team and the organizational structure.",
        "Set institution-wide goals for visitor experience and community impact.",
        "Review and approve institutional policies.",
        "Position the institution as a civic leader in its community.",
        "Inspire staff, volunteers and partners through outstanding communication.",
    )),
    Archetype("field-building role", ("network", "association", "field", "national", "professional learning",
                                      "professional development", "capacity building"), (
        "Design national professional learning initiatives that advance practice across the field.",
        "Create and publish tools and guides for member institutions.",
        "Shape field-wide standards and recommended practices.",
        "Manage multi-institution grants and their budgets.",
        "Identify the outcomes informal STEM learning achieves for society.",
        "Model inclusive, collaborative leadership across the network.",
    )),
    Archetype("intern", ("intern", "student", "apprentice"), (
        "Assist staff in delivering programs for visitors.",
        "Learn about the institution's mission and how its departments work together.",
        "Follow safety procedures and policies.",
        "Good communication skills and willingness to learn.",
    )),
    Archetype("community engagement manager", ("community", "outreach", "engagement", "partnership", "inclusion"), (
        "Develop and manage partnerships with community organizations.",
        "Strengthen the institution's role as a trusted community resource.",
        "Identify community needs and define outcomes for community programs.",
        "Design and run community events and programs.",
        "Manage the community programs budget.",
        "Navigate sensitive conversations with cross-cultural communication skills.",
    )),
    Archetype("operations and HR manager", ("operations", "human resources", "hr ", "facilities", "administration",
                                            "people and culture"), (
        "Develop and maintain HR policies and the employee handbook.",
        "Advise leadership on staffing structure and reporting lines.",
        "Improve administrative workflows and tools to save staff time.",
        "Handle confidential and difficult personnel matters with discretion.",
    )),
    Archetype("marketing and communications", ("marketing", "communications", "social media", "public relations",
                                               "pr ", "brand"), (
        "Develop marketing that reaches target audiences.",
        "Communicate the institution's mission to the public.",
        "Use audience data to measure campaign outcomes.",
        "Manage the marketing budget.",
        "Excellent writing and collaboration skills.",
    )),
)
SIMILARITY_FLOOR = 0.35
# Seniority in a title widens the scope the role works at: senior staff develop or manage their practice
# (C.1 Level 2); directors and executives also manage institutional operations (A.* Level 2).
_SENIOR = re.compile(r"\b(senior|sr\.?|lead|principal|manager|head|director|chief|vp|vice president)\b", re.I)
_EXECUTIVE = re.compile(r"\b(director|head of|chief|vp|vice president|ceo|cfo|coo|president)\b", re.I)


def pick_archetype(role: str, matcher: PostingMatcher) -> tuple[Archetype, float]:
    """Title words first (longest alias wins), then nearest archetype by embedding."""
    low = f" {role.lower()} "
    hits = [(len(a), arch) for arch in ARCHETYPES for a in arch.aliases if a in low]
    if hits:
        return max(hits, key=lambda h: h[0])[1], 1.0
    q = matcher.embedder.embed_query(role)
    names = matcher.embedder.embed([f"{a.name}: {', '.join(a.aliases)}" for a in ARCHETYPES])
    sims = names @ q
    best = int(np.argmax(sims))
    return ARCHETYPES[best], float(sims[best])


def _statement(matcher: PostingMatcher, item_id: str, level: int) -> str:
    fw = matcher.framework
    node = fw.category(item_id) if "." in item_id else fw.domain(item_id)
    if node is None:
        return ""
    stmt = node.level(level)
    return stmt.statement if stmt is not None else ""


def build_profile(matcher: PostingMatcher, role: str, institution_type: str | None) -> JobProfile:
    role = re.sub(r"\s+", " ", role or "").strip()
    if not role:
        raise EmptyInputError("The role is empty.", hint='Name a role, e.g. "volunteer coordinator".')
    if len(role) > MAX_ROLE_CHARS or len(institution_type or "") > MAX_ROLE_CHARS:
        raise InputTooLargeError(f"Role and institution type are limited to {MAX_ROLE_CHARS} characters each.")
    inst = (institution_type or "").strip() or None
    arch, sim = pick_archetype(role, matcher)
    duties = list(arch.duties)
    scores = matcher.line_scores(duties)
    hits = matcher.item_hits(duties, scores)
    comps: list[ProfileItem] = []
    general: ProfileItem | None = None
    for j, lst in sorted(hits.items(), key=lambda kv: matcher.items[kv[0]].id):
        item = matcher.items[j]
        level = max(lvl for _, _, lvl in lst)
        reasons = [duties[i] for i, _, _ in sorted(lst)]
        floor = 2 if (item.id == "C.1" and _SENIOR.search(role)) or (
            item.id.startswith("A.") and _EXECUTIVE.search(role)) else 1
        if floor > level and floor <= item.max_level:
            level = floor
            reasons.append(f'The title "{role}" signals work at a wider scope than the typical duties.')
        entry = ProfileItem(id=item.id, name=item.name, level=level, statement=_statement(matcher, item.id, level),
                            reasons=tuple(reasons))
        if item.id == "D":
            general = entry
        else:
            comps.append(entry)
    domains: list[ProfileItem] = []
    for dom in matcher.framework.domains:
        if dom.id == "D":
            if general is not None:
                domains.append(general)
            continue
        mine = [c for c in comps if c.id.startswith(dom.id + ".")]
        if mine:
            level = max(c.level for c in mine)
            domains.append(ProfileItem(id=dom.id, name=dom.name, level=level,
                                       statement=_statement(matcher, dom.id, level),
                                       reasons=tuple(r for c in mine for r in c.reasons)))
    note = (f'Built from the typical duties of a "{arch.name}" (project judgment, not framework text). '
            "The framework itself names no single correct level for a job: adjust levels to your institution's "
            "priorities and the person's goals.")
    if sim < SIMILARITY_FLOOR:
        note = f'No typical role close to "{role}" is known; this is a weak guess. ' + note
    return JobProfile(role=role, institution_type=inst, archetype=arch.name, archetype_similarity=round(sim, 3),
                      domains=tuple(domains), competencies=tuple(comps),
                      draft=_draft(role, inst, comps, general), note=note)


def article(noun: str) -> str:
    """'a' or 'an' before ``noun``, by its first letter: enough for role and institution names."""
    return "an" if noun[:1].lower() in "aeiou" else "a"


def at_institution(inst: str | None) -> str:
    """' at a zoo', ' at an aquarium', or '' without an institution."""
    return f" at {article(inst)} {inst}" if inst else ""


def _draft(role: str, inst: str | None, comps: list[ProfileItem], general: ProfileItem | None) -> str:
    where = at_institution(inst)
    lines = ["## Competencies", "",
             f"The {role} position{where} draws on these competencies of the ISL Professional Competency Framework:", ""]
    for c in comps:
        lines.append(f"- **{c.name} ({c.id}), Level {c.level}:** {c.statement}")
    if general is not None:
        lines.append(f"- **{general.name} (domain {general.id}), Level {general.level}:** {general.statement}")
    if not comps and general is None:
        lines.append("- (no framework competency could be suggested for this role)")
    return "\n".join(lines)
