"""Structured cues in a question: framework ids, category and domain names, level numbers.

People ask "What is Level 2 in Finances?" far more often than they paraphrase a level statement.
Dense retrieval blurs such questions across all Finances and all Level 2 chunks; these cues let the
retriever lift the exact item (``A.4.L2``) without an LLM.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.framework.models import Framework

_ID = re.compile(r"(?<![\w.])([A-Da-d])(?:\.([1-4]))?(?:\.?[Ll]([1-3]))?(?![\w])")
_NUM = r"(?:1|2|3|one|two|three|i{1,3})"
_LEVEL = re.compile(
    rf"\b(?:levels?|lvl|tier|l)\s*[-#:]?\s*({_NUM}(?:\s*(?:,|and|or|to|-|&)\s*{_NUM})*)\b"
    r"|\b(first|second|third|top|entry)\s+level\b",
    re.IGNORECASE,
)
# questions about the framework itself (who made it, when, its history) rather than about its content:
# dense retrieval reads "who created the framework" as the Level 3 verbs ("creates ... for the ISL field")
_ORIGIN = re.compile(
    r"\bwho\s+(?:created|made|developed|wrote|built|designed|funded|leads|owns|maintains|publishe[sd]|is behind)\b"
    r"|\bwhen\s+(?:was|were|did)\b.*\b(?:created|made|developed|released|published|launched|written|start)"
    r"|\b(?:history|origins?|background|funding|funded|developers?|authors?)\s+of\s+(?:the|this)\s+(?:isl\s+)?"
    r"(?:professional\s+)?(?:competency\s+)?framework\b"
    r"|\bhow\s+was\s+(?:the|this)\s+(?:isl\s+)?(?:competency\s+)?framework\s+(?:made|developed|created|built)\b",
    re.IGNORECASE,
)
_OVERVIEW = re.compile(r"\b(four|4|all|the|which|what)\s+(competency\s+)?domains\b|\bdomains\s+(are|of)\b", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*(,|and|or|to|-|&)\s*", re.IGNORECASE)
# official names that are everyday words too: matched only through their aliases
_GENERIC_NAMES = frozenset({"role"})
_WORDS = {"1": 1, "2": 2, "3": 3, "one": 1, "two": 2, "three": 3, "i": 1, "ii": 2, "iii": 3,
          "first": 1, "entry": 1, "second": 2, "third": 3, "top": 3}

# names users actually type for published categories and domains, beyond the official names
_ALIASES: dict[str, tuple[str, ...]] = {
    "A.1": ("mission", "vision", "mission, vision", "goals of the institution"),
    "A.2": ("structure", "org chart", "organizational structure", "organisational structure"),
    "A.3": ("policies", "policy"),
    "A.4": ("finances", "finance", "financial", "budget", "budgets", "budgeting"),
    "B.1": ("audiences", "audience", "visitors"),
    "B.2": ("role of institutions", "role in society", "societal role"),
    "C.1": ("effective practice", "effectiveness"),
    "C.2": ("efficient practice", "efficiency"),
    "A": ("institutional operations", "operations"),
    "B": ("institutional impact", "impact"),
    "C": ("job-specific expertise", "job specific expertise", "job-specific", "job specific"),
    "D": ("general expertise", "soft skills", "interpersonal"),
}


@dataclass(frozen=True)
class Cues:
    ids: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()
    mentions_unpublished: tuple[str, ...] = field(default=())
    overview_domains: bool = False
    about_framework: bool = False

    @property
    def empty(self) -> bool:
        return not (self.ids or self.categories or self.domains or self.levels)


def _explicit_ids(text: str) -> list[str]:
    out = []
    for m in _ID.finditer(text):
        letter, cat, lvl = m.group(1), m.group(2), m.group(3)
        raw = m.group(0)
        # a bare lowercase letter ("a", "d") is an English word, not an id
        if not cat and not lvl and (letter.islower() or len(raw) == 1 and not _looks_like_domain_ref(text, m.start())):
            continue
        ident = letter.upper() + (f".{cat}" if cat else "") + (f".L{lvl}" if lvl else "")
        out.append(ident)
    return out


def _looks_like_domain_ref(text: str, pos: int) -> bool:
    before = text[max(0, pos - 9) : pos].lower()
    return "domain" in before


def _levels_named(listing: str) -> list[int]:
    """The levels in "2", "1 and 3", "1, 2 or 3"; a range ("1 to 3", "1-3") names every level in it."""
    parts = _SEPARATOR.split(listing.strip())
    nums, seps = [_WORDS[p.lower()] for p in parts[::2]], [p.lower() for p in parts[1::2]]
    out = [nums[0]]
    for sep, n in zip(seps, nums[1:], strict=True):
        lo, hi = sorted((out[-1], n))
        out.extend(range(lo, hi + 1) if sep in {"to", "-"} else [n])
    return out


def find_cues(text: str, framework: Framework) -> Cues:
    low = f" {text.lower()} "
    ids = _explicit_ids(text)
    published = {c.id for c in framework.categories}
    # ids given explicitly count as naming their category or domain ("A.4.L2" names A.4; "D.L3" names D)
    categories: list[str] = list(dict.fromkeys(i[:3] for i in ids if i[:3] in published))
    domains: list[str] = list(dict.fromkeys(i[0] for i in ids if len(i) == 1 or i[1:3] == ".L"))
    for c in framework.categories:
        official = () if c.name.lower() in _GENERIC_NAMES else (c.name.lower(),)
        names = (*official, *_ALIASES.get(c.id, ()))
        # a generic name counts when capitalised mid-sentence, as a proper name ("Levels 2 and 3 of Role")
        proper = c.name.lower() in _GENERIC_NAMES and re.search(rf"(?<![.?!]\s)(?<!^)\b{re.escape(c.name)}\b", text)
        if c.id not in categories and (proper or any(re.search(rf"\b{re.escape(n)}\b", low) for n in names)):
            categories.append(c.id)
    for d in framework.domains:
        names = (d.name.lower(), *_ALIASES.get(d.id, ()))
        if d.id not in domains and any(re.search(rf"\b{re.escape(n)}\b", low) for n in names):
            domains.append(d.id)
    found: set[int] = set()
    for m in _LEVEL.finditer(text):
        found.update(_levels_named(m.group(1)) if m.group(1) else [_WORDS[m.group(2).lower()]])
    levels = sorted(found)
    for i in ids:
        if i.count(".") >= 1 and ".L" in i:
            levels = sorted(set(levels) | {int(i[-1])})
    unpublished = framework.unpublished_ids()
    return Cues(
        ids=tuple(dict.fromkeys(ids)),
        categories=tuple(categories),
        domains=tuple(domains),
        levels=tuple(levels),
        mentions_unpublished=tuple(i for i in dict.fromkeys(ids) if i in unpublished),
        overview_domains=bool(_OVERVIEW.search(text)) and not domains,
        about_framework=bool(_ORIGIN.search(text)),
    )
