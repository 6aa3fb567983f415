"""The Generator protocol and its backends (grounded composer, LangChain chat models)."""

from assistant.generation.base import Answer, Citation, GenerationRequest, Generator

__all__ = ["Answer", "Citation", "GenerationRequest", "Generator"]
