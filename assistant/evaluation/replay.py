"""Replay a stored turn against the current index and generator, and show what changed.

The stored *query* (after follow-up rewriting) is searched again and the answer regenerated; nothing is
written to the store, so a replay never shows up as a user's turn. The result holds both sides, the
difference of retrieved ids (added, removed, moved) and a unified diff of the reply text.

    >>> replay_turn(runtime.qa, store, turn_id)["hits"]["added"]   # doctest: +SKIP
    ['doc:reading-levels#5']
"""

from __future__ import annotations

import difflib
from typing import Any

from assistant.audit.store import AuditStore
from assistant.errors import InputError
from assistant.generation.pipeline import QAPipeline


def diff_ids(before: list[str], after: list[str]) -> dict[str, Any]:
    """Which ids a new ranking added, removed and moved (with old and new 1-based ranks)."""
    old = {h: i for i, h in enumerate(before, start=1)}
    new = {h: i for i, h in enumerate(after, start=1)}
    return {
        "added": [h for h in after if h not in old],
        "removed": [h for h in before if h not in new],
        "moved": [{"id": h, "from": old[h], "to": new[h]} for h in after if h in old and old[h] != new[h]],
        "same": before == after,
    }


def diff_text(before: str, after: str) -> list[str]:
    return list(difflib.unified_diff(before.splitlines(), after.splitlines(), "stored", "replay", lineterm=""))


def replay_turn(qa: QAPipeline, store: AuditStore, turn_id: str, *, index_version: str) -> dict[str, Any]:
    _, audit = store.get_turn(turn_id)
    if audit is None or audit.mode != "qa":
        raise InputError("Only question-answering turns can be replayed.",
                         hint="Matching and coaching turns depend on their session's state, not the index alone.")
    request = qa.prepare(audit.user_message, query=audit.query)
    answer = qa.run(request)
    stored_ids = [str(h.get("id")) for h in audit.retrieved or []]
    replay_ids = [h.id for h in request.hits]
    return {
        "turn_id": turn_id,
        "query": audit.query,
        "stored": {"index_version": audit.index_version, "generator": audit.generator, "model": audit.model,
                   "decision": audit.decision, "refused": audit.refused, "retrieved": stored_ids,
                   "reply": audit.reply, "citations": [c.get("id") for c in audit.citations or []]},
        "replay": {"index_version": index_version, "generator": answer.generator, "model": answer.model,
                   "decision": request.decision.kind, "refused": answer.refused, "retrieved": replay_ids,
                   "reply": answer.text, "citations": [c.id for c in answer.citations]},
        "hits": diff_ids(stored_ids, replay_ids),
        "reply_changed": audit.reply != answer.text,
        "reply_diff": diff_text(audit.reply, answer.text),
    }
