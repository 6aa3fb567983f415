"""Plays a scripted persona (evals/coaching/personas.yaml) through any transport and checks each turn.

The transport is two callables returning ``(status, body)``: ``start()`` and ``answer(session_id, text)``;
the API test passes a TestClient wrapper, the service test a direct one. ``switch`` is called half-way
so a test can restart the server between turns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.settings import ROOT

PERSONAS_FILE = ROOT / "evals" / "coaching" / "personas.yaml"
LONG_TEXT = "I describe my work in great detail. " * 700  # ~25,000 characters
MAX_TURNS = 60

Call = Callable[..., tuple[int, dict[str, Any]]]


def load_personas(path: Path = PERSONAS_FILE) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["personas"])


def _pick(table: dict[str, str], cid: str) -> str:
    return table.get(cid, table["*"])


@dataclass
class Transcript:
    session_id: str
    turns: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (person text, reply body)
    questions: list[dict[str, Any]] = field(default_factory=list)  # every assistant turn with a question
    final: dict[str, Any] = field(default_factory=dict)


def play(persona: dict[str, Any], start: Call, answer: Call, switch: Callable[[], None] | None = None) -> Transcript:
    status, body = start()
    assert status == 200, body
    t = Transcript(session_id=body["session_id"])
    t.questions.append(body)
    script = list(persona["turns"])
    half = len(script) // 2
    current = body
    for _ in range(MAX_TURNS):
        if current["done"]:
            break
        qid = current["question_id"]
        expect_kind = expect_status = None
        if qid.startswith("assess.level:"):
            text = _pick(persona["ratings"], qid.split(":", 1)[1])
        elif qid.startswith("assess.evidence:"):
            text = _pick(persona["evidence"], qid.split(":", 1)[1])
        else:
            assert script, f"{persona['id']}: script ran out at {qid!r}"
            step = script.pop(0)
            if switch is not None and len(script) == half - 1:
                switch()
                switch = None
            assert step.get("expect", qid) == qid, f"{persona['id']}: expected {step.get('expect')!r}, got {qid!r}"
            text = LONG_TEXT if step["text"] == "LONG_TEXT" else step["text"]
            expect_kind, expect_status = step.get("expect_kind"), step.get("expect_status")
        status, reply = answer(t.session_id, text)
        t.turns.append((text, reply))
        if expect_status is not None:
            assert status == expect_status, (persona["id"], text[:40], status, reply)
            assert "error" in reply and reply["error"]["message"], reply
            continue  # the session must still wait on the same question: checked by the next expect
        assert status == 200, (persona["id"], text[:60], status, reply)
        if expect_kind is not None:
            assert reply["kind"] == expect_kind, (persona["id"], text[:60], reply)
        if expect_kind == "steer":
            assert reply["question_id"] == qid
        if reply.get("question"):
            t.questions.append(reply)
        current = reply
    assert current["done"], f"{persona['id']} did not finish in {MAX_TURNS} turns"
    assert not script, f"{persona['id']}: unused turns {script}"
    t.final = current
    return t
