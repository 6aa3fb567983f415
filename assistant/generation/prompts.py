"""Prompt templates are data: YAML files in ``prompts/`` validated on load; id and version are audited."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import AssistantError


class PromptTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_.-]+$")
    version: str
    description: str = ""
    system: str
    user: str

    def render_user(self, **values: str) -> str:
        return self.user.format(**values)


def load_prompt(prompts_dir: Path, prompt_id: str) -> PromptTemplate:
    path = Path(prompts_dir) / f"{prompt_id}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return PromptTemplate.model_validate(data)
    except FileNotFoundError as exc:
        raise AssistantError(f"Prompt {prompt_id!r} not found at {path}.", hint="Set ASSISTANT_PROMPTS_DIR.") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise AssistantError(f"Prompt file {path} is invalid: {exc}") from exc
