"""The typed result of reading a message (:class:`Reading`) and the :class:`Reader` protocol."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, get_args

Intent = Literal[
    "definition", "level", "compare", "placement", "howto", "usecase", "posting", "role", "coverage",
    "coach_request", "plan_request", "greeting", "offtopic", "injection", "discriminatory",
]
INTENTS: tuple[Intent, ...] = get_args(Intent)
# Requests the assistant declines (for a discriminatory one: that part, with the equal alternative).
DeclineIntent = Literal["offtopic", "injection", "discriminatory"]
DECLINE_INTENTS: frozenset[str] = frozenset(get_args(DeclineIntent))


@dataclass(frozen=True)
class Reading:
    """What a message means and what it names.

    ``scores`` holds every intent's probability; ``intent`` is the most probable and ``confidence`` its
    probability. ``strongest`` holds, for the intents that are declined whatever else a message says
    (injection, discriminatory), the highest probability over the whole message and each of its
    sentences: one such sentence inside an ordinary request is enough. ``spliced`` is the highest injection
    probability of a few-word window, for an instruction spliced into a sentence. ``ids``, ``categories``,
    ``domains`` and ``levels`` are the framework items it names; ``follow_up`` says the message leans on the
    previous answer ("tell me more"), so the conversation's topic completes it.

    >>> r = Reading("offtopic", 0.93, {"offtopic": 0.93, "definition": 0.07})
    >>> r.decline("offtopic", 0.5), r.names_framework_item
    (True, False)
    """

    intent: Intent
    confidence: float
    scores: dict[str, float] = field(default_factory=dict)
    strongest: dict[str, float] = field(default_factory=dict)
    spliced: float = 0.0  # the highest injection probability of a word window of the message
    ids: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()
    reader: str = "embedding"
    follow_up: bool = False  # a short message that leans on the previous answer ("and at level 3?")
    user_group: str | None = None  # whose use of the framework it is about, by nearest example (groups.py)

    @property
    def in_scope_mass(self) -> float:
        """The probability, all in-scope intents together, that this is a request the assistant serves."""
        return sum(p for i, p in self.scores.items() if i not in DECLINE_INTENTS)

    @property
    def names_framework_item(self) -> bool:
        return bool(self.ids or self.categories or self.domains)

    def decline(self, intent: Intent, threshold: float) -> bool:
        """Whether this reading is ``intent`` with at least ``threshold`` probability."""
        return self.intent == intent and self.confidence >= threshold

    def to_audit(self) -> dict[str, Any]:
        top = sorted(self.scores.items(), key=lambda kv: -kv[1])[:3]
        return {"intent": self.intent, "confidence": round(self.confidence, 4), "reader": self.reader,
                "top": {k: round(v, 4) for k, v in top}, "strongest": {k: round(v, 4) for k, v in self.strongest.items()},
                "ids": list(self.ids), "levels": list(self.levels)}


class Reader(Protocol):
    """Reads a message once per turn; ``context`` carries what the conversation already knows."""

    name: str

    def read(self, message: str, context: dict[str, Any] | None = None) -> Reading: ...
