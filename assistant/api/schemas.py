"""Request and response bodies of the chat API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class CitationOut(BaseModel):
    id: str
    title: str
    kind: str


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str = Field(description="The user's message (a question, a pasted job posting, or a coaching answer).")
    session_id: str | None = Field(default=None, max_length=64)
    mode: Literal["auto", "qa", "match", "coach"] = "auto"


class DownloadOut(BaseModel):
    label: str
    path: str = Field(description="API path of the file, e.g. /v1/coach/sessions/<id>/plan?format=pdf; send "
                                  "the same X-Visitor-Id header as the chat")
    format: str


class ChatResponse(BaseModel):
    session_id: str
    turn_id: str
    mode: str
    reply: str
    citations: list[CitationOut]
    refused: bool
    downloads: list[DownloadOut] = Field(default_factory=list, description="files this turn offers (a finished plan)")


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: Literal[-1, 0, 1] = Field(description="1 thumbs up, -1 thumbs down, 0 clears")


class TurnOut(BaseModel):
    turn_id: str
    seq: int
    mode: str
    message: str
    reply: str
    citations: list[CitationOut]
    refused: bool
    feedback: int | None
    created_at: str


class HistoryResponse(BaseModel):
    session_id: str
    turns: list[TurnOut]
