"""A small server-sent-events reader for the tests (the format is simple enough to parse exactly)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def parse_sse(lines: Iterable[str]) -> list[tuple[str, Any]]:
    """(event, decoded data) for each event; ``event`` defaults to ``message`` as in the spec."""
    events: list[tuple[str, Any]] = []
    name, data = "message", list[str]()
    for line in lines:
        if line == "":
            if data:
                raw = "\n".join(data)
                events.append((name, raw if raw == "[DONE]" else json.loads(raw)))
            name, data = "message", []
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
    if data:
        raise AssertionError(f"stream ended inside an event: {data!r}")
    return events
