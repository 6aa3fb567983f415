"""Required level (1-3) of one evidence span for one framework item, from scope and verb cues.

The framework's levels widen in scope: Level 1 is one's own area of work (or, in Institutional
Operations, understanding and supporting one's own institution), Level 2 the institution (influence,
manage, develop), Level 3 the ISL field (create, contribute, lead for the field). Those published verbs and
scopes are the cues; each item adds its own objects ("budget", "policies", "outcomes"). Items whose
higher level statements the corpus does not hold (B.2, C.2) are capped at the highest published level by
the engine, never here.

    >>> span_level("A.4", "Manage the annual operating budget and revenue")
    2
    >>> span_level("C.1", "Present research at national conferences")
    3
"""

from __future__ import annotations

import re

_I = re.I

FIELD = re.compile(
    r"\b(the|our|this|(informal )?(stem|science)( learning| education)?|science cent(er|re)|museum) field\b"
    r"|field-wide|field-building|across the (field|country|nation|sector)|\bnational(ly)?\b|nationwide"
    r"|\binternational\b|professional (communities|community|networks?)|communities of practice"
    r"|peer (institutions|science centers|museums|organizations)|other (institutions|museums|science centers)"
    r"|multi-institution|member institutions|partner institutions|publish\w*|peer-reviewed"
    r"|(advance|strengthen|shape|inform) (the )?(practice|field)|policymakers|\bsociety\b|all 50 states",
    _I,
)
# "Lead camp activities" is delivery; "Lead the budget process" is management.
_ASSIST = re.compile(r"^(assist|help (with|prepare|collect)|learn|support|shadow|observe)\b", _I)
_MANAGE = re.compile(
    r"\b(manag\w*|oversee\w*|oversight|direct(s|ing)?\b|supervis\w*|lead(s|ing)? (the|a|all|our|multiple|\w+ (team|process|department))"
    r"|develop(s|ing)?|design(s|ing)?|establish\w*|set(s|ting)?|shape|shaping|influenc\w*|define|defining"
    r"|build(s|ing)?|grow(s|ing)?|creat\w*|reorganiz\w*|redesign\w*|enforce\w*|update|updating|strateg\w*"
    r"|institution-wide|organization-wide|across the (museum|institution|organization|center|science center)"
    r"|portfolio|senior leadership|responsible for)\b",
    _I,
)
# per item: (level 2 pattern) checked after the field pattern; default is level 1
_LEVEL2: dict[str, re.Pattern[str]] = {
    "A.1": re.compile(
        r"\b(shape|set|setting|influence|contribute|define|develop|lead|articulate|direct)\w*\b.{0,60}"
        r"\b(mission|vision|goals|strateg\w*|direction|priorities)|strategic (plan(ning)?|direction|priorities)\b"
        r"|senior leadership", _I),
    "A.2": re.compile(
        r"\b(supervis\w*|hire|hiring|manag\w* (a |the )?(team|staff|department)|lead\w* (a |the )?(team|staff|department)"
        r"|reorganiz\w*|redesign\w*|structure|staffing|org(anizational)? chart|reporting lines|team of|direct reports"
        r"|mentor\w* (and|,) develop)", _I),
    "A.3": re.compile(
        r"\b(develop|update|establish|set|write|writ(e|ing)|draft|shape|enforce|maintain|revise|creat\w*|review and approve"
        r"|contribute)\w*\b.{0,60}\b(polic(y|ies)|procedures|handbook|controls|protocols|standards)", _I),
    "A.4": re.compile(
        r"\b(manag\w*|oversee\w*|lead\w*|direct\w*|develop\w*|grow\w*|secure|raise|cultivat\w*|identify)\b.{0,100}"
        r"\b(budgets?|revenue|fundrais\w*|grants?|funders|donors|income|finances|financial|accounting|campaign)"
        r"|\b(fundraising|capital campaign|financial (sustainability|planning|health|statements)|annual budget)\b", _I),
    "B.1": re.compile(
        r"\b(institution-wide|organization-wide|across the (museum|institution|organization|center|science center)"
        r"|the (museum|center|aquarium|zoo|garden|institution|organization)'?s? (impact|outcomes|audiences|programs)"
        r"|(institution|institutional|museum|center)('s)? (impact|outcomes|goals)|community programs"
        r"|communities (we|it) serves?|local communit\w*)", _I),
    "C.1": re.compile(
        r"^(develop|design|create|plan|manage|direct|lead the (design|development)|coordinate)\b"
        r"|\b(develop\w*|design\w*|manag\w*|direct\w*|oversee\w*) (new |and manage |and deliver )?"
        r"(\w+ ){0,3}(programs?|exhibit\w*|curricul\w*|activities|products|services|portfolio|evaluations?)", _I),
    "D": re.compile(
        r"\b(difficult|complex (situations|work|projects?|organi[sz]ations?|environments?|change|issues|problems)"
        r"|complex(ity)? of the (work|role)|sensitive|confidential|conflicts?|negotiat\w*|competing priorities|change management"
        r"|organizational change|crisis)\b", _I),
}
_D3 = re.compile(r"\b(model|foster|cultivate|champion)\w*\b.{0,80}\b(across|throughout|culture)\b", _I)


def span_level(item: str, text: str) -> int:
    """Level a single span points to for ``item`` (a category id or ``"D"``)."""
    if item == "D":
        if _D3.search(text) and FIELD.search(text):
            return 3
        if _D3.search(text):
            return 3 if re.search(r"\b(network|field)\b", text, _I) else 2
        return 2 if _LEVEL2["D"].search(text) else 1
    if FIELD.search(text) and not _ASSIST.search(text):
        return 3
    if _ASSIST.search(text):
        return 1
    pattern = _LEVEL2.get(item)
    if pattern is not None and pattern.search(text):
        return 2
    if item.startswith("A.") and item not in _LEVEL2 and _MANAGE.search(text):
        return 2
    return 1
