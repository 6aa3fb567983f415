"""``isl-assistant match FILE|- [--json]``: the command-line edge of the matcher (thin: read, match, print)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.errors import InputError
from assistant.matching.engine import PostingMatcher
from assistant.matching.explain import describe_match


def read_posting(source: str) -> str:
    """Text of a file, or of standard input for ``-``; newlines are kept exactly as submitted."""
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read {source}: {exc.strerror or exc}.") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source} is not UTF-8 text.", hint="Save the posting as UTF-8 and try again.") from exc


def matcher_for(runtime: Any) -> PostingMatcher:
    """A matcher from a built runtime (settings, corpus, embedder)."""
    return PostingMatcher(runtime.corpus.framework, runtime.embedder, runtime.corpus.guidance,
                          max_chars=runtime.settings.max_posting_chars, prompts_dir=runtime.settings.prompts_dir)


def run_match(args: argparse.Namespace, runtime: Any) -> int:
    text = read_posting(args.file)
    result = matcher_for(runtime).match(text)
    if args.json:
        print(json.dumps(result.model_dump(), indent=2, ensure_ascii=False))
    else:
        answer, _ = describe_match(result, runtime.corpus.framework)
        print(answer)
    return 0
