"""POST /v1/chat, its SSE stream, a session's history, deleting a session, and per-turn feedback."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi import APIRouter, Depends, Response
from fastapi.responses import StreamingResponse

from assistant.api.deps import get_chat, get_store, rate_limited, visitor_id
from assistant.api.schemas import (
    ChatRequest,
    ChatResponse,
    CitationOut,
    DownloadOut,
    FeedbackRequest,
    HistoryResponse,
    TurnOut,
)
from assistant.audit.store import AuditStore
from assistant.dialogue.service import ChatService, Delta, TurnResult
from assistant.errors import AssistantError

router = APIRouter(prefix="/v1", tags=["chat"])


def _response(r: TurnResult) -> ChatResponse:
    return ChatResponse(
        session_id=r.session_id, turn_id=r.turn_id, mode=r.mode, reply=r.reply, refused=r.refused,
        citations=[CitationOut(id=c.id, title=c.title, kind=c.kind) for c in r.citations],
        downloads=[DownloadOut(label=d.label, path=d.path, format=d.format) for d in r.downloads],
    )


@router.post("/chat", response_model=ChatResponse, dependencies=[Depends(rate_limited)])
def chat(body: ChatRequest, chat: ChatService = Depends(get_chat), visitor: str | None = Depends(visitor_id)) -> ChatResponse:
    result = chat.turn(body.message, session_id=body.session_id, mode=body.mode, visitor_id=visitor)
    return _response(result)


def _sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post("/chat/stream", dependencies=[Depends(rate_limited)])
def chat_stream(
    body: ChatRequest, chat: ChatService = Depends(get_chat), visitor: str | None = Depends(visitor_id)
) -> StreamingResponse:
    """Server-sent events: ``delta`` events with text, then one ``done`` event with citations.

    Validation happens before the stream starts, so bad input still gets a plain 4xx response.
    """
    chat.validate(body.message)
    if body.session_id:
        chat.store.session_state(body.session_id, visitor)  # 404 before streaming

    def events() -> Iterator[str]:
        try:
            for ev in chat.stream(body.message, session_id=body.session_id, mode=body.mode, visitor_id=visitor,
                                  channel="chat-stream"):
                if isinstance(ev, Delta):
                    yield _sse("delta", {"text": ev.text})
                elif isinstance(ev, TurnResult):
                    yield _sse("done", _response(ev).model_dump())
        except AssistantError as exc:
            yield _sse("error", {"code": exc.code, "message": exc.message, "hint": exc.hint})

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )


@router.get("/sessions/{session_id}", response_model=HistoryResponse)
def history(
    session_id: str, store: AuditStore = Depends(get_store), visitor: str | None = Depends(visitor_id)
) -> HistoryResponse:
    turns = store.history(session_id, limit=200, visitor_id=visitor)
    return HistoryResponse(
        session_id=session_id,
        turns=[
            TurnOut(
                turn_id=t.id, seq=t.seq, mode=t.mode, message=t.user_message, reply=t.reply,
                citations=[CitationOut(**c) for c in (t.audit.citations if t.audit else [])],
                refused=t.refused, feedback=t.feedback, created_at=t.created_at.isoformat(),
            )
            for t in turns
        ],
    )


@router.delete("/sessions/{session_id}", status_code=204)
def delete_session(
    session_id: str, store: AuditStore = Depends(get_store), visitor: str | None = Depends(visitor_id)
) -> Response:
    store.delete_session(session_id, visitor_id=visitor)
    return Response(status_code=204)


@router.post("/turns/{turn_id}/feedback", status_code=204)
def feedback(
    turn_id: str, body: FeedbackRequest, store: AuditStore = Depends(get_store),
    visitor: str | None = Depends(visitor_id),
) -> Response:
    store.set_feedback(turn_id, body.value, visitor_id=visitor)
    return Response(status_code=204)
