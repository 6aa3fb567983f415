"""LLM backends through LangChain chat models (any OpenAI-compatible endpoint, or Ollama).

Only retrieved passages go into the prompt. After generation every bracketed id is checked against
the passages given: an id the context did not contain is removed and the answer flagged
``citation_removed``. Errors and timeouts raise :class:`GenerationError`, on which the pipeline falls
back to the grounded composer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from assistant.errors import GenerationError
from assistant.generation.base import Answer, Citation, GenerationRequest
from assistant.generation.prompts import PromptTemplate, load_prompt
from assistant.settings import Settings

# what a citation looks like: a framework-style id (any letter, so invented ones are caught) or a prefixed id
_ID_LIKE = re.compile(r"^(?:[A-Z](?:\.\d{1,2})?(?:\.L\d)?|(?:fw|def|use|res|doc):[\w#.-]+)$")


def format_context(request: GenerationRequest) -> str:
    return "\n\n".join(f"[{h.id}] {h.chunk.title}\n{h.chunk.text}" for h in request.hits)


def format_history(request: GenerationRequest, turns: int = 6) -> str:
    if not request.history:
        return "(none)"
    return "\n".join(f"{role}: {text[:500]}" for role, text in request.history[-turns:])


class CitationFilter:
    """Validates bracketed ids in a text stream, dropping ids that were not in the context."""

    def __init__(self, allowed: set[str]) -> None:
        self.allowed = allowed
        self.removed: list[str] = []
        self.cited: list[str] = []
        self._buf = ""

    def _check(self, token: str) -> str:
        ids = [t.strip() for t in re.split(r"[,;]\s*", token)]
        if not all(_ID_LIKE.match(t) for t in ids):
            return f"[{token}]"  # not a citation (e.g. "[sic]"): leave as written
        kept = [t for t in ids if t in self.allowed]
        self.removed += [t for t in ids if t not in self.allowed]
        self.cited += [t for t in kept if t not in self.cited]
        return "".join(f"[{t}]" for t in kept)

    def feed(self, piece: str) -> str:
        self._buf += piece
        out = []
        while self._buf:
            start = self._buf.find("[")
            if start < 0:
                out.append(self._buf)
                self._buf = ""
                break
            end = self._buf.find("]", start)
            if end < 0:
                if len(self._buf) - start > 62:  # not a citation after all
                    out.append(self._buf)
                    self._buf = ""
                else:
                    out.append(self._buf[:start])
                    self._buf = self._buf[start:]
                break
            out.append(self._buf[:start] + self._check(self._buf[start + 1 : end]))
            self._buf = self._buf[end + 1 :]
        return "".join(out)

    def flush(self) -> str:
        rest, self._buf = self._buf, ""
        return rest


class LangChainGenerator:
    """Generator backed by a LangChain chat model."""

    name = "langchain"
    can_stream = True
    needs_network = True

    def __init__(self, chat_model: Any, prompt: PromptTemplate, *, backend: str, model: str) -> None:
        self.chat_model = chat_model
        self.prompt = prompt
        self.name = f"langchain-{backend}"
        self.model: str | None = model

    @classmethod
    def from_settings(cls, settings: Settings) -> LangChainGenerator:
        prompt = load_prompt(settings.prompts_dir, "qa")
        key = settings.llm_api_key.get_secret_value() or "not-needed"
        if settings.llm_backend == "openai":
            from langchain_openai import ChatOpenAI

            model: Any = ChatOpenAI(
                model=settings.llm_model,
                base_url=settings.llm_base_url or None,
                api_key=key,  # type: ignore[arg-type]
                timeout=settings.llm_timeout_s,
                max_retries=0,
                temperature=settings.llm_temperature,
            )
        elif settings.llm_backend == "ollama":
            from langchain_ollama import ChatOllama

            model = ChatOllama(
                model=settings.llm_model,
                base_url=settings.llm_base_url or None,
                temperature=settings.llm_temperature,
                client_kwargs={"timeout": settings.llm_timeout_s},
            )
        else:  # pragma: no cover - Settings restricts the values
            raise GenerationError(f"Unknown LLM backend {settings.llm_backend!r}.")
        return cls(model, prompt, backend=settings.llm_backend, model=settings.llm_model)

    def _messages(self, request: GenerationRequest) -> list[tuple[str, str]]:
        user = self.prompt.render_user(
            context=format_context(request), history=format_history(request), question=request.question
        )
        return [("system", self.prompt.system), ("human", user)]

    def _answer(self, text: str, request: GenerationRequest, filt: CitationFilter) -> Answer:
        by_id = {h.id: h.chunk for h in request.hits}
        flags = set()
        if filt.removed:
            flags.add("citation_removed")
        if not filt.cited:
            flags.add("uncited")
        if request.decision.unpublished_ids:
            flags.add("unpublished")
        return Answer(
            text=text.strip(),
            citations=tuple(Citation(i, by_id[i].title, by_id[i].kind) for i in filt.cited if i in by_id),
            refused=False,
            generator=self.name,
            model=self.model,
            prompt_id=self.prompt.id,
            prompt_version=self.prompt.version,
            flags=frozenset(flags),
        )

    def generate(self, request: GenerationRequest) -> Answer:
        filt = CitationFilter({h.id for h in request.hits})
        try:
            msg = self.chat_model.invoke(self._messages(request))
        except Exception as exc:  # network, timeout, HTTP errors from any provider
            raise GenerationError(f"The language model call failed: {type(exc).__name__}: {exc}") from exc
        content = msg.content if isinstance(msg.content, str) else str(msg.content)
        text = filt.feed(content) + filt.flush()
        return self._answer(text, request, filt)

    def stream(self, request: GenerationRequest) -> Iterator[str | Answer]:
        filt = CitationFilter({h.id for h in request.hits})
        parts: list[str] = []
        try:
            for chunk in self.chat_model.stream(self._messages(request)):
                piece = filt.feed(chunk.content if isinstance(chunk.content, str) else str(chunk.content))
                if piece:
                    parts.append(piece)
                    yield piece
        except Exception as exc:
            raise GenerationError(f"The language model stream failed: {type(exc).__name__}: {exc}") from exc
        tail = filt.flush()
        if tail:
            parts.append(tail)
            yield tail
        yield self._answer("".join(parts), request, filt)
