"""Job-posting matching: ``POST /v1/match`` and ``POST /v1/job-profile`` (thin: validate, call, return)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.deps import get_app_settings, get_matcher
from assistant.errors import InputTooLargeError
from assistant.matching.engine import PostingMatcher
from assistant.settings import Settings

router = APIRouter(prefix="/v1", tags=["matching"])


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The job posting: plain text, Markdown or HTML pasted from a job board.")


class JobProfileRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: str = Field(description='A role, e.g. "volunteer coordinator".')
    institution_type: str | None = Field(default=None, description='E.g. "zoo", "children\'s museum".')


@router.post("/match")
def match(
    body: MatchRequest,
    matcher: PostingMatcher = Depends(get_matcher),
    settings: Settings = Depends(get_app_settings),
) -> dict[str, Any]:
    """Competencies, required levels and evidence spans (offsets into ``text`` as submitted)."""
    if len(body.text) > settings.max_posting_chars:
        raise InputTooLargeError(
            f"The posting has {len(body.text):,} characters; the limit is {settings.max_posting_chars:,}."
        )
    return matcher.match(body.text).model_dump()


@router.post("/job-profile")
def job_profile(body: JobProfileRequest, matcher: PostingMatcher = Depends(get_matcher)) -> dict[str, Any]:
    """Suggested competencies and levels for a role, with reasons and a draft job-description section."""
    return matcher.job_profile(body.role, body.institution_type).model_dump()
