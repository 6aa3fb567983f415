"""Typed records of the framework, the project's guidance and the resources.

Framework ids are the public, citable ids and never change between builds:
domains ``A``..``D``, domain level statements ``A.L1``, categories ``A.4``, category level
statements ``A.4.L2``. Unpublished parts are recorded as ids without content so the assistant
can say plainly that the corpus lacks them.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DOMAIN_IDS = ("A", "B", "C", "D")
CATEGORY_ID = re.compile(r"^[A-D]\.[1-4]$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provenance(_Strict):
    """Where an item's facts come from; the wording is always the project's own."""

    source_url: str
    text_version: str = Field(description="Which published wording the paraphrase follows, e.g. 'astc-2024'.")
    secondary_sources: tuple[str, ...] = ()
    note: str | None = None


class LevelStatement(_Strict):
    """One level statement (1-3) of a domain or a category, in the project's paraphrase."""

    level: int = Field(ge=1, le=3)
    scope: str
    statement: str = Field(min_length=10)
    verbs: tuple[str, ...] = ()
    complete: bool = Field(default=True, description="False when only part of the published statement is known.")
    variant_2018: str | None = None


class Category(_Strict):
    id: str
    name: str = Field(min_length=2)
    description: str | None = None
    description_complete: bool = True
    id_inferred: bool = False
    levels: tuple[LevelStatement, ...]
    provenance: Provenance

    @field_validator("id")
    @classmethod
    def _check_id(cls, v: str) -> str:
        if not CATEGORY_ID.match(v):
            raise ValueError(f"category id {v!r} must look like 'A.1' (domain letter, dot, 1-4)")
        return v

    @model_validator(mode="after")
    def _levels_unique(self) -> Category:
        seen = [s.level for s in self.levels]
        if len(seen) != len(set(seen)):
            raise ValueError(f"category {self.id} lists a level twice: {seen}")
        return self

    @property
    def domain(self) -> str:
        return self.id[0]

    @property
    def missing_levels(self) -> list[int]:
        have = {s.level for s in self.levels}
        return [n for n in (1, 2, 3) if n not in have]

    def level(self, n: int) -> LevelStatement | None:
        return next((s for s in self.levels if s.level == n), None)


class Domain(_Strict):
    id: Literal["A", "B", "C", "D"]
    number: int = Field(ge=1, le=4)
    name: str
    id_inferred: bool = False
    description: str = Field(min_length=20)
    levels: tuple[LevelStatement, ...] = Field(min_length=3, max_length=3)
    categories: tuple[Category, ...] = ()
    unpublished_categories: tuple[str, ...] = ()
    provenance: Provenance

    @model_validator(mode="after")
    def _check_children(self) -> Domain:
        for c in self.categories:
            if c.domain != self.id:
                raise ValueError(f"category {c.id} sits under domain {self.id}")
        for cid in self.unpublished_categories:
            if not CATEGORY_ID.match(cid) or cid[0] != self.id:
                raise ValueError(f"unpublished category {cid!r} must be an id of domain {self.id}")
        overlap = {c.id for c in self.categories} & set(self.unpublished_categories)
        if overlap:
            raise ValueError(f"categories both published and unpublished: {sorted(overlap)}")
        if sorted(s.level for s in self.levels) != [1, 2, 3]:
            raise ValueError(f"domain {self.id} needs exactly one statement for each of levels 1, 2, 3")
        return self

    def level(self, n: int) -> LevelStatement | None:
        return next((s for s in self.levels if s.level == n), None)


class Definition(_Strict):
    id: str
    term: str
    text: str
    provenance: Provenance


class UseGroup(_Strict):
    """How one user group (individuals, supervisors, ...) can use the framework."""

    id: str
    title: str
    points: tuple[str, ...] = Field(min_length=1)
    provenance: Provenance


class Note(_Strict):
    id: str
    title: str
    text: str
    provenance: Provenance


class FrameworkManifest(_Strict):
    framework_id: str
    name: str
    version: str = Field(description="Version of this corpus edition of the framework.")
    ids_version: int = Field(ge=1, description="Bumped only when citable ids change meaning.")
    owner: str
    partners: tuple[str, ...] = ()
    text_versions: dict[str, str] = Field(default_factory=dict)
    counts: dict[str, int] = Field(default_factory=dict)
    statement: str = Field(description="What this corpus holds and what it does not.")


class Framework(_Strict):
    manifest: FrameworkManifest
    domains: tuple[Domain, ...] = Field(min_length=1)
    notes: tuple[Note, ...] = ()
    definitions: tuple[Definition, ...] = ()
    uses: tuple[UseGroup, ...] = ()

    @model_validator(mode="after")
    def _ids_unique(self) -> Framework:
        ids = [d.id for d in self.domains] + [c.id for d in self.domains for c in d.categories]
        ids += [n.id for n in self.notes] + [d.id for d in self.definitions] + [u.id for u in self.uses]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate ids: {dupes}")
        return self

    def domain(self, domain_id: str) -> Domain | None:
        return next((d for d in self.domains if d.id == domain_id), None)

    def category(self, category_id: str) -> Category | None:
        dom = self.domain(category_id[:1])
        if dom is None:
            return None
        return next((c for c in dom.categories if c.id == category_id), None)

    @property
    def categories(self) -> list[Category]:
        return [c for d in self.domains for c in d.categories]

    def unpublished_ids(self) -> set[str]:
        """Ids the framework has but this corpus does not hold (categories and their levels)."""
        out: set[str] = set()
        for d in self.domains:
            for cid in d.unpublished_categories:
                out.add(cid)
                out.update(f"{cid}.L{n}" for n in (1, 2, 3))
            for c in d.categories:
                out.update(f"{c.id}.L{n}" for n in c.missing_levels)
        return out


ResourceType = Literal[
    "organization", "academic_program", "role", "event", "development_mode", "reflection_model"
]


class Resource(_Strict):
    """An organization, program, role, event, development mode or reflection model."""

    slug: str
    name: str
    type: ResourceType
    kind: str = Field(description="Free-text kind as described by the source, e.g. 'membership association'.")
    summary: str = Field(min_length=20, description="Two to four sentences in the project's own words.")
    offers: tuple[str, ...] = ()
    audience: str | None = None
    stages: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    url: str | None = None
    confirmed: bool
    caveats: str | None = None
    helps_develop: tuple[str, ...] = Field(
        default=(), description="Framework ids (domains or categories) this helps develop: project judgment."
    )
    helps_develop_basis: str = "project judgment"
    sources: tuple[str, ...] = ()

    @field_validator("slug")
    @classmethod
    def _check_slug(cls, v: str) -> str:
        if not SLUG.match(v):
            raise ValueError(f"slug {v!r} must be lowercase letters, digits and hyphens")
        return v

    @field_validator("helps_develop")
    @classmethod
    def _check_targets(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for t in v:
            if t not in DOMAIN_IDS and not CATEGORY_ID.match(t):
                raise ValueError(f"helps_develop entry {t!r} must be a domain (A-D) or category id (A.1)")
        return v


class GuidanceSection(_Strict):
    title: str
    text: str


class GuidanceDoc(_Strict):
    """A Markdown guidance document of the project (not framework text)."""

    slug: str
    title: str
    summary: str
    audience: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    sections: tuple[GuidanceSection, ...] = Field(min_length=1)
    basis: tuple[str, ...] = Field(default=(), description="Framework ids or fact files the guidance draws on.")

    @field_validator("slug")
    @classmethod
    def _check_slug(cls, v: str) -> str:
        if not SLUG.match(v):
            raise ValueError(f"slug {v!r} must be lowercase letters, digits and hyphens")
        return v


class PracticeExample(_Strict):
    """What one published level statement looks like in everyday work, in one setting (project guidance)."""

    statement: str = Field(pattern=r"^[A-D](\.[1-4])?\.L[1-3]$")
    setting: str = Field(min_length=1)
    text: str = Field(min_length=1)


class PracticeExamples(_Strict):
    """``corpus/practice/*.yaml``: the project's own illustrations of the level statements, never framework text."""

    id: str
    title: str
    basis: str = Field(min_length=1)
    examples: tuple[PracticeExample, ...]


class Corpus(_Strict):
    """Everything under ``corpus/``, validated, plus a content hash for index staleness checks."""

    framework: Framework
    guidance: tuple[GuidanceDoc, ...]
    resources: tuple[Resource, ...]
    content_hash: str
    practice: tuple[PracticeExamples, ...] = ()

    def resource(self, slug: str) -> Resource | None:
        return next((r for r in self.resources if r.slug == slug), None)
