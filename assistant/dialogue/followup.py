"""Resolve follow-ups ("and at level 3?", "what about Audiences?") against the last topic.

The session keeps the last framework topic (domain, category, level). A follow-up that names only
a level borrows the topic; one that names only a topic borrows the level. The rewritten query is
what retrieval sees, and the audit record keeps both.
"""

from __future__ import annotations

from typing import Any

from assistant.framework.models import Framework
from assistant.generation.base import Answer, GenerationRequest
from assistant.generation.pipeline import QAPipeline
from assistant.retrieval.cues import find_cues
from assistant.understanding.reading import Reading


def topic_of(citations: list[str], framework: Framework) -> dict[str, Any] | None:
    """The framework topic an answer was about: its first cited framework item."""
    for cid in citations:
        parts = cid.split(".")
        if parts[0] in {"A", "B", "C", "D"}:
            dom = parts[0]
            cat = f"{parts[0]}.{parts[1]}" if len(parts) > 1 and parts[1].isdigit() else None
            lvl = next((int(p[1]) for p in parts[1:] if p.startswith("L") and p[1:].isdigit()), None)
            if cat and framework.category(cat) is None:
                cat = None
            return {"domain": dom, "category": cat, "level": lvl}
    return None


def rewrite(message: str, topic: dict[str, Any] | None, framework: Framework, follow_up: bool = False) -> str:
    """Return the query to search for: the message itself, or the message plus the borrowed topic.
    ``follow_up``: the reader read the message as leaning on the previous answer (``Reading.follow_up``)."""
    if not topic:
        return message
    cues = find_cues(message, framework)
    names_topic = bool(cues.ids or cues.categories or cues.domains)
    is_short = len(message.split()) <= 14
    if not is_short or (names_topic and cues.levels):
        return message
    if not names_topic and (cues.levels or follow_up):
        cat = framework.category(topic["category"]) if topic.get("category") else None
        dom = framework.domain(topic.get("domain") or "")
        if cat is not None:
            subject = f"{cat.name} ({cat.id})"
        elif dom is not None:
            subject = f"{dom.name} (domain {dom.id})"
        else:
            return message
        level = f" Level {cues.levels[0]}" if cues.levels else (f" Level {topic['level']}" if topic.get("level") and not follow_up else "")
        return f"{message.strip()} [{subject}{level}]"
    if names_topic and not cues.levels and topic.get("level") and follow_up:
        return f"{message.strip()} [Level {topic['level']}]"
    return message


def prepare_turn(
    qa: QAPipeline, text: str, topic: dict[str, Any] | None, history: tuple[tuple[str, str], ...] = (),
    reading: Reading | None = None,
) -> GenerationRequest:
    """Retrieve for one chat turn: the message, rewritten against the conversation's last topic."""
    reading = reading if reading is not None else qa.read(text)
    follow_up = reading is not None and reading.follow_up
    return qa.prepare(text, query=rewrite(text, topic, qa.framework, follow_up), history=history, reading=reading)


def next_topic(answer: Answer, topic: dict[str, Any] | None, framework: Framework) -> dict[str, Any] | None:
    """The conversation's topic after this answer: what it cited, else the topic it had."""
    new = topic_of([c.id for c in answer.citations], framework) if not answer.refused else None
    return new or topic
