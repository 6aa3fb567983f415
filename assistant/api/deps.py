"""FastAPI dependencies: settings, services, feature engines, credentials and rate limits.

They are ``async def`` although none awaits: FastAPI runs a plain ``def`` dependency in the thread
pool, a hop per dependency per request, and these only read attributes or take a short lock.
"""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import Depends, Header, Request

from assistant.api.services import Services
from assistant.audit.store import AuditStore
from assistant.dialogue.service import ChatService
from assistant.errors import AuthError, ForbiddenError, NotFoundError, RateLimitError
from assistant.settings import Settings


async def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


async def get_app_settings(services: Services = Depends(get_services)) -> Settings:
    return services.settings


async def get_chat(services: Services = Depends(get_services)) -> ChatService:
    return services.chat


async def get_store(services: Services = Depends(get_services)) -> AuditStore:
    return services.store


def _extra(services: Services, name: str, what: str) -> Any:
    engine = services.extras.get(name)
    if engine is None:
        raise NotFoundError(f"{what} is not available on this server.")
    return engine


async def get_matcher(services: Services = Depends(get_services)) -> Any:
    return _extra(services, "matcher", "Job-posting matching")


async def get_coverage(services: Services = Depends(get_services)) -> Any:
    return _extra(services, "coverage", "Coverage analysis")


async def get_coach(services: Services = Depends(get_services)) -> Any:
    return _extra(services, "coach", "Coaching")


async def visitor_id(x_visitor_id: str | None = Header(default=None, max_length=128)) -> str | None:
    """An anonymous, client-chosen id that scopes sessions to one browser or user."""
    return x_visitor_id.strip() or None if x_visitor_id else None


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def rate_limited(request: Request, services: Services = Depends(get_services)) -> None:
    limiter = request.app.state.rate_limiter
    if not limiter.allow(client_key(request)):
        raise RateLimitError(
            "Too many requests from this client.", hint=f"The limit is {services.settings.rate_limit_per_minute} a minute."
        )


def _role_of(services: Services, authorization: str | None, x_api_key: str | None) -> str:
    key = x_api_key
    if not key and authorization and authorization.lower().startswith("bearer "):
        key = authorization[7:].strip()
    if not key:
        raise AuthError("This endpoint needs an API key.", hint="Send 'Authorization: Bearer <key>' or 'X-API-Key'.")
    for known, role in services.settings.api_keys.items():
        if hmac.compare_digest(known.encode(), key.encode()):
            return role
    raise AuthError("The API key is not valid.")


def require_role(*roles: str) -> Any:
    """Dependency factory: the caller's key must carry one of ``roles`` (admin passes everywhere)."""

    async def check(
        services: Services = Depends(get_services),
        authorization: str | None = Header(default=None),
        x_api_key: str | None = Header(default=None),
    ) -> str:
        role = _role_of(services, authorization, x_api_key)
        if role != "admin" and role not in roles:
            raise ForbiddenError(f"This endpoint needs the role {' or '.join(roles)}; your key has {role}.")
        return role

    return check
