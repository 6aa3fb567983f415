"""Everything the routes need, built once per app at start-up and kept on ``app.state.services``."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from assistant.audit.db import make_engine
from assistant.audit.migrate import upgrade
from assistant.audit.store import AuditStore
from assistant.dialogue.service import ChatService
from assistant.runtime import Runtime, build_runtime
from assistant.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    runtime: Runtime
    store: AuditStore
    chat: ChatService
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def index_version(self) -> str:
        return self.runtime.index.version


def build_services(settings: Settings) -> Services:
    runtime = build_runtime(settings, batching=True)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    store = AuditStore(engine)
    chat = ChatService(runtime.qa, store, runtime.index.version, max_chars=settings.max_message_chars)
    services = Services(settings, runtime, store, chat)
    _attach_features(services)
    return services


def _attach_features(services: Services) -> None:
    """Matching and coaching plug into the chat service when their packages are present."""
    from assistant.api import features

    features.attach(services)
