"""One error tree for the whole package.

Library code raises these; only ``assistant.api`` turns them into HTTP responses and only
``assistant.cli`` into exit codes, so a user never sees a traceback::

    AssistantError                      base; ``status`` is the HTTP status the API maps it to
    ├── CorpusError                     a corpus file is missing or invalid (file, item, reason)
    ├── IndexNotBuiltError              no index on disk: run ``isl-assistant index build``
    ├── StaleIndexError                 the index was built from another corpus or model
    ├── InputError                      bad user input (422)
    │   ├── EmptyInputError             nothing but whitespace (422)
    │   ├── InputTooLargeError          over the configured size (413)
    │   └── UnsupportedLanguageError    not English (422)
    ├── NotFoundError                   unknown session, turn or item (404)
    ├── AuthError                       missing or bad credentials (401)
    │   └── ForbiddenError              credentials without the needed role (403)
    ├── RateLimitError                  too many requests from one client (429)
    └── GenerationError                 an LLM backend failed (callers fall back to the composer)
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the assistant raises on purpose."""

    status: int = 500
    code: str = "internal_error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} {self.hint}"


class CorpusError(AssistantError):
    """A corpus file could not be loaded; says which file, which item and why."""

    code = "corpus_invalid"

    def __init__(self, file: str, item: str, reason: str) -> None:
        super().__init__(f"{file}: {item}: {reason}")
        self.file = file
        self.item = item
        self.reason = reason


class IndexNotBuiltError(AssistantError):
    status = 503
    code = "index_missing"


class StaleIndexError(AssistantError):
    status = 503
    code = "index_stale"


class InputError(AssistantError):
    status = 422
    code = "invalid_input"


class EmptyInputError(InputError):
    code = "empty_input"


class InputTooLargeError(InputError):
    status = 413
    code = "input_too_large"


class UnsupportedLanguageError(InputError):
    code = "unsupported_language"


class NotFoundError(AssistantError):
    status = 404
    code = "not_found"


class AuthError(AssistantError):
    status = 401
    code = "unauthorized"


class ForbiddenError(AuthError):
    status = 403
    code = "forbidden"


class RateLimitError(AssistantError):
    status = 429
    code = "rate_limited"


class GenerationError(AssistantError):
    status = 502
    code = "generation_failed"
