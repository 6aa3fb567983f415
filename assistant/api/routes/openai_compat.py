"""OpenAI-compatible chat completions, so the ``openai`` SDK, LangChain ``ChatOpenAI`` and chat
front ends work unchanged.

Citations travel twice: as a ``Sources:`` list at the end of the text (for plain clients) and in the
extra field ``citations`` of the response (and of the last stream chunk), next to ``isl`` with the
session and turn ids. Send ``session_id`` in the body (or ``X-Session-Id``) to continue a stored
conversation; otherwise the messages' history resolves follow-ups and a new session is stored.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter, Depends, Header
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.deps import get_chat, rate_limited, visitor_id
from assistant.dialogue.service import ChatService, Delta, TurnResult
from assistant.errors import AssistantError, EmptyInputError, InputError

router = APIRouter(prefix="/v1", tags=["openai"])
MODEL_ID = "isl-assistant"


class Message(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "user", "assistant", "tool", "developer", "function"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        if isinstance(self.content, list):
            return "\n".join(str(p.get("text", "")) for p in self.content if p.get("type") in {"text", "input_text"})
        return ""


class CompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    model: str = MODEL_ID
    messages: list[Message] = Field(min_length=1)
    stream: bool = False
    session_id: str | None = None
    mode: Literal["auto", "qa", "match", "coach"] = "auto"


def _split(body: CompletionRequest) -> tuple[str, list[tuple[str, str]]]:
    users = [i for i, m in enumerate(body.messages) if m.role == "user"]
    if not users:
        raise EmptyInputError("No user message in 'messages'.", hint="Add a message with role 'user'.")
    last = users[-1]
    history: list[tuple[str, str]] = [(str(m.role), m.text()) for m in body.messages[:last] if m.role in {"user", "assistant"}]
    return body.messages[last].text(), history


def _with_sources(r: TurnResult) -> str:
    if not r.citations:
        return r.reply
    return r.reply + "\n\nSources:\n" + "\n".join(f"- [{c.id}] {c.title}" for c in r.citations)


def _extras(r: TurnResult) -> dict[str, Any]:
    return {
        "citations": [{"id": c.id, "title": c.title, "kind": c.kind} for c in r.citations],
        "isl": {"session_id": r.session_id, "turn_id": r.turn_id, "mode": r.mode, "refused": r.refused},
    }


@router.get("/models")
def models() -> dict[str, Any]:
    return {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "isl-assistant"}]}


@router.post("/chat/completions", dependencies=[Depends(rate_limited)], response_model=None)
def completions(
    body: CompletionRequest,
    chat: ChatService = Depends(get_chat),
    visitor: str | None = Depends(visitor_id),
    x_session_id: str | None = Header(default=None),
) -> dict[str, Any] | StreamingResponse:
    if body.model not in {MODEL_ID, ""}:
        raise InputError(f"Unknown model {body.model!r}.", hint=f"Use model '{MODEL_ID}'.")
    message, history = _split(body)
    session_id = body.session_id or x_session_id
    chat.validate(message)
    if session_id:
        chat.store.session_state(session_id, visitor)
    cid, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    kwargs: dict[str, Any] = {"session_id": session_id, "mode": body.mode, "visitor_id": visitor, "history": history}

    if not body.stream:
        r = chat.turn(message, channel="openai", **kwargs)
        text = _with_sources(r)
        return {
            "id": cid, "object": "chat.completion", "created": created, "model": MODEL_ID,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop",
                         "logprobs": None}],
            "usage": {"prompt_tokens": len(message.split()), "completion_tokens": len(text.split()),
                      "total_tokens": len(message.split()) + len(text.split())},
            **_extras(r),
        }

    def chunk(delta: dict[str, Any], finish: str | None = None, extra: dict[str, Any] | None = None) -> str:
        data = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **(extra or {})}
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    def events() -> Iterator[str]:
        yield chunk({"role": "assistant", "content": ""})
        try:
            for ev in chat.stream(message, channel="openai-stream", **kwargs):
                if isinstance(ev, Delta):
                    yield chunk({"content": ev.text})
                elif isinstance(ev, TurnResult):
                    sources = _with_sources(ev)[len(ev.reply):]
                    if sources:
                        yield chunk({"content": sources})
                    yield chunk({}, "stop", _extras(ev))
        except AssistantError as exc:
            yield chunk({"content": f"\n\n[error: {exc.message}]"}, "stop")
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
