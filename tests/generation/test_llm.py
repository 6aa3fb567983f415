"""The LLM path against a stand-in OpenAI-compatible server on loopback (never the network)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from assistant.framework.models import Corpus
from assistant.generation.base import Answer
from assistant.generation.llm import CitationFilter, LangChainGenerator
from assistant.generation.pipeline import QAPipeline
from assistant.retrieval.hybrid import HybridRetriever
from assistant.settings import ROOT, Settings

pytestmark = pytest.mark.slow


class StubLLM:
    """Scripted replies; records every request body it receives."""

    def __init__(self) -> None:
        self.reply = "Level 2 of Finances is about managing income and spending [A.4.L2]."
        self.mode = "ok"  # ok | slow | error
        self.requests: list[dict[str, Any]] = []


def _handler(stub: StubLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            stub.requests.append(body)
            if stub.mode == "error":
                self.send_response(500)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"error": {"message": "boom"}}')
                return
            if stub.mode == "slow":
                time.sleep(3)
            base = {"id": "x", "created": 0, "model": "stub"}
            if body.get("stream"):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                words = stub.reply.split(" ")
                for i, w in enumerate(words):
                    piece = w if i == 0 else " " + w
                    chunk = {**base, "object": "chat.completion.chunk",
                             "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                end = {**base, "object": "chat.completion.chunk",
                       "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
                return
            out = {**base, "object": "chat.completion",
                   "choices": [{"index": 0, "message": {"role": "assistant", "content": stub.reply},
                                "finish_reason": "stop"}],
                   "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
            data = json.dumps(out).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that timed out closes its socket: the stub's late write may fail; that is expected."""


@pytest.fixture(scope="module")
def stub_server() -> Iterator[tuple[StubLLM, int]]:
    stub = StubLLM()
    server = QuietServer(("127.0.0.1", 0), _handler(stub))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield stub, server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def stub(stub_server: tuple[StubLLM, int]) -> StubLLM:
    s, _ = stub_server
    s.mode, s.requests = "ok", []
    s.reply = "Level 2 of Finances is about managing income and spending [A.4.L2]."
    return s


@pytest.fixture
def pipeline(stub_server: tuple[StubLLM, int], retriever: HybridRetriever, corpus: Corpus) -> QAPipeline:
    _, port = stub_server
    settings = Settings(
        llm_backend="openai", llm_base_url=f"http://127.0.0.1:{port}/v1", llm_model="stub", llm_timeout_s=1.0,
        prompts_dir=ROOT / "prompts",
    )
    return QAPipeline(retriever, corpus.framework, LangChainGenerator.from_settings(settings))


def test_llm_answer_cites_only_retrieved_ids(pipeline: QAPipeline, stub: StubLLM) -> None:
    res = pipeline.ask("What is Level 2 in Finances?")
    assert res.answer.generator == "langchain-openai"
    assert res.answer.model == "stub"
    assert (res.answer.prompt_id, res.answer.prompt_version) == ("qa", "2")
    assert [c.id for c in res.answer.citations] == ["A.4.L2"]
    assert "fallback" not in res.answer.flags
    # the prompt holds the retrieved passages and nothing else from the corpus
    sent = stub.requests[-1]["messages"]
    user = next(m["content"] for m in sent if m["role"] == "user")
    retrieved = {h.id for h in res.hits}
    assert all(f"[{i}]" in user for i in retrieved)
    assert "What is Level 2 in Finances?" in user


def test_citation_outside_context_is_removed_and_flagged(pipeline: QAPipeline, stub: StubLLM) -> None:
    stub.reply = "Managing income is Level 2 [A.4.L2]. Something invented [D.3.L2]. Also [sic] stays."
    res = pipeline.ask("What is Level 2 in Finances?")
    assert "[D.3.L2]" not in res.answer.text
    assert "[sic]" in res.answer.text
    assert "citation_removed" in res.answer.flags
    assert [c.id for c in res.answer.citations] == ["A.4.L2"]


@pytest.mark.parametrize("mode", ["slow", "error"])
def test_failure_or_timeout_falls_back_to_composer(pipeline: QAPipeline, stub: StubLLM, mode: str) -> None:
    stub.mode = mode
    res = pipeline.ask("What is Level 2 in Finances?")
    assert res.answer.generator == "composer"
    assert "fallback" in res.answer.flags
    assert any(c.id == "A.4.L2" for c in res.answer.citations)


def test_stream_yields_text_then_validated_answer(pipeline: QAPipeline, stub: StubLLM) -> None:
    stub.reply = "Level 2 means managing income and spending [A.4.L2] and not [C.4.L1]."
    req = pipeline.prepare("What is Level 2 in Finances?")
    pieces = list(pipeline.stream(req))
    assert isinstance(pieces[-1], Answer)
    text = "".join(p for p in pieces if isinstance(p, str))
    assert "[C.4.L1]" not in text and "[A.4.L2]" in text
    assert text.strip() == pieces[-1].text
    assert "citation_removed" in pieces[-1].flags


def test_refusals_never_reach_the_llm(pipeline: QAPipeline, stub: StubLLM) -> None:
    res = pipeline.ask("What's a good recipe for banana bread?")
    assert res.answer.refused and res.answer.generator == "composer"
    assert stub.requests == []


@pytest.mark.parametrize(
    ("pieces", "allowed", "expected", "removed"),
    [
        (["See [A.4", ".L2] now"], {"A.4.L2"}, "See [A.4.L2] now", []),
        (["[X.1] and [A.1, B.9]"], {"A.1"}, " and [A.1]", ["X.1", "B.9"]),
        (["a [note without close"], set(), "a [note without close", []),
    ],
)
def test_citation_filter_streaming(pieces: list[str], allowed: set[str], expected: str, removed: list[str]) -> None:
    f = CitationFilter(allowed)
    out = "".join(f.feed(p) for p in pieces) + f.flush()
    assert out == expected
    assert f.removed == removed
