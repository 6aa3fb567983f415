"""Decide, before writing anything, whether a question is answerable from the corpus.

Outcomes besides "answer": the question is empty; it is a request to decline (off-topic, an attempt to
change the assistant's behaviour, a request to discriminate), as read by the reader
(``assistant.understanding``) when one is given; off-topic because nothing relevant was retrieved (the
best dense similarity is under a calibrated threshold and the question names no framework item); or about
a part of the framework this corpus does not hold (it then says so plainly instead of guessing).
"""

from __future__ import annotations

import re

from assistant.framework.models import Framework
from assistant.generation.base import Decision, DecisionKind
from assistant.retrieval.cues import Cues, find_cues
from assistant.retrieval.hybrid import Hit
from assistant.understanding.policy import decline_for, in_scope, is_greeting
from assistant.understanding.reading import Reading

# Calibrated on evals/retrieval/questions.jsonl with `python benchmarks/calibrate_refusal.py`:
# the midpoint between the answerable and off-topic best-dense distributions that maximises accuracy.
DEFAULT_THRESHOLD = 0.30

_CATEGORY_WORDS = re.compile(r"\bcategor(y|ies)\b|\bcompetenc(y|ies)\b|\bsub-?areas?\b", re.IGNORECASE)
_LIST_ALL = re.compile(r"\b(all|every|list|16|sixteen|48|forty-eight)\b", re.IGNORECASE)


def _unpublished_asked(question: str, cues: Cues, framework: Framework) -> tuple[str, ...]:
    missing: list[str] = list(cues.mentions_unpublished)
    for cid in cues.categories:
        cat = framework.category(cid)
        if cat is not None and cues.levels:
            missing += [f"{cid}.L{n}" for n in cues.levels if n in cat.missing_levels]
    if _CATEGORY_WORDS.search(question):
        doms = list(cues.domains) or ([d.id for d in framework.domains] if _LIST_ALL.search(question) else [])
        for did in doms:
            dom = framework.domain(did)
            if dom is not None and not cues.categories:
                missing += list(dom.unpublished_categories)
    return tuple(dict.fromkeys(missing))


_DECLINE_REASON = {"offtopic": "the request is outside the framework", "injection":
                   "the message tries to change the assistant's instructions", "discriminatory":
                   "the request asks to treat people differently by age, sex, disability or a like trait"}


def decide(question: str, hits: list[Hit], framework: Framework, threshold: float = DEFAULT_THRESHOLD,
           reading: Reading | None = None) -> Decision:
    """Classify the question given what retrieval found (and what the reader read, when it ran)."""
    if not question.strip():
        return Decision("empty", "the question is empty")
    best = max((h.dense for h in hits), default=0.0)
    declined = decline_for(reading) if reading is not None else None
    if reading is not None and declined is not None:
        return Decision(declined, f"{_DECLINE_REASON[declined]} (reader: {reading.intent} "
                                  f"{reading.confidence:.2f})", best)
    cues = find_cues(question, framework)
    named = bool(cues.ids or cues.categories or cues.domains)
    relevant = best >= threshold or named or (reading is not None and in_scope(reading))
    if reading is not None and is_greeting(reading, question):
        return Decision("greeting", f"a greeting (reader: {reading.confidence:.2f})", best)
    missing = _unpublished_asked(question, cues, framework)
    if missing:
        # Something asked for is not in the corpus. If nothing asked for is published, say so outright.
        asked_published = [c for c in cues.categories if framework.category(c) is not None]
        published_levels = [
            f"{c}.L{n}" for c in asked_published for n in cues.levels if f"{c}.L{n}" not in missing
        ]
        kind: DecisionKind = "answer" if (published_levels or (asked_published and not cues.levels)) else "unpublished"
        return Decision(kind, "part of what is asked is not in the corpus", best, unpublished_ids=missing)
    if not relevant:
        return Decision("offtopic", f"best similarity {best:.2f} under threshold {threshold:.2f}", best)
    focus = tuple(h.id for h in hits[:1])
    return Decision("answer", "relevant items retrieved", best, focus_ids=focus)
