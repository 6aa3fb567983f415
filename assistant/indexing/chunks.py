"""Turn the validated corpus into chunks with stable, citable ids.

Ids: framework items keep their framework id (``A``, ``A.L2``, ``A.4``, ``A.4.L2``, ``fw:levels-note``,
``def:learning-pathway``, ``use:supervisors``); guidance sections are ``doc:<slug>#<n>`` (n counts
sections from 1 in document order); resources are ``res:<slug>``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from assistant.framework.models import Category, Corpus, Domain, LevelStatement, Provenance, Resource

# Bump when chunk ids or texts are derived differently: the index manifest records it and a
# mismatch makes the index stale, like a corpus or model change.
CHUNKER_VERSION = 3  # 3: practice examples (ex:<statement>#<n>)

ChunkKind = Literal[
    "domain", "domain_level", "category", "level", "note", "definition", "use", "guidance", "resource", "example"
]
FRAMEWORK_KINDS: frozenset[str] = frozenset({"domain", "domain_level", "category", "level", "note", "definition", "use"})


@dataclass(frozen=True)
class Chunk:
    """One retrievable unit. ``text`` is what users see; ``search_text`` adds context for matching."""

    id: str
    kind: ChunkKind
    title: str
    text: str
    domain: str | None = None
    category: str | None = None
    level: int | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def search_text(self) -> str:
        return f"{self.title}. {self.text}"

    @property
    def is_framework(self) -> bool:
        return self.kind in FRAMEWORK_KINDS

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        return cls(**data)


def _prov(p: Provenance) -> dict[str, Any]:
    return p.model_dump(exclude_none=True)


def _level_text(s: LevelStatement) -> str:
    text = f"{s.statement} Scope: {s.scope}."
    if not s.complete:
        text += " Only part of this statement is published in our sources."
    if s.variant_2018:
        text += f" {s.variant_2018}"
    return text


def _domain_chunks(d: Domain) -> list[Chunk]:
    prov = _prov(d.provenance)
    cats = ", ".join(f"{c.name} ({c.id})" for c in d.categories) or "none published in our sources"
    missing = f" Categories not in this corpus: {', '.join(d.unpublished_categories)}." if d.unpublished_categories else ""
    summary = " ".join(f"Level {s.level}: {s.statement}" for s in d.levels)
    out = [
        Chunk(
            id=d.id,
            kind="domain",
            title=f"Domain {d.id} ({d.number}): {d.name}",
            text=f"{d.description.strip()} Levels in brief - {summary} Categories in this corpus: {cats}.{missing}",
            domain=d.id,
            provenance=prov,
            meta={"name": d.name, "id_inferred": d.id_inferred},
        )
    ]
    for s in d.levels:
        out.append(
            Chunk(
                id=f"{d.id}.L{s.level}",
                kind="domain_level",
                title=f"{d.name} ({d.id}), Level {s.level}",
                text=_level_text(s),
                domain=d.id,
                level=s.level,
                provenance=prov,
                meta={"name": d.name, "scope": s.scope},
            )
        )
    for c in d.categories:
        out.extend(_category_chunks(d, c))
    return out


def _category_chunks(d: Domain, c: Category) -> list[Chunk]:
    prov = _prov(c.provenance)
    desc = (c.description or "").strip()
    if not desc:
        desc = f"The description of {c.name} is not in our sources; its level statements are."
    elif not c.description_complete:
        desc += " (Only part of the published description is in our sources.)"
    levels = " ".join(f"Level {s.level}: {s.statement}" for s in c.levels)
    missing = f" Levels not in this corpus: {', '.join(str(n) for n in c.missing_levels)}." if c.missing_levels else ""
    out = [
        Chunk(
            id=c.id,
            kind="category",
            title=f"{c.id} {c.name} ({d.name})",
            text=f"{desc} {levels}{missing}",
            domain=d.id,
            category=c.id,
            provenance=prov,
            meta={"name": c.name, "domain_name": d.name, "id_inferred": c.id_inferred},
        )
    ]
    for s in c.levels:
        out.append(
            Chunk(
                id=f"{c.id}.L{s.level}",
                kind="level",
                title=f"{c.id} {c.name}, Level {s.level} ({d.name})",
                text=_level_text(s),
                domain=d.id,
                category=c.id,
                level=s.level,
                provenance=prov,
                meta={"name": c.name, "domain_name": d.name, "scope": s.scope, "complete": s.complete},
            )
        )
    return out


def _resource_text(r: Resource) -> str:
    parts = [r.summary.strip()]
    if r.offers:
        parts.append("Offers: " + "; ".join(r.offers) + ".")
    if r.stages:
        parts.append("Stages: " + "; ".join(r.stages) + ".")
    if r.examples:
        parts.append("Examples: " + "; ".join(r.examples) + ".")
    if r.audience:
        parts.append(f"For: {r.audience}.")
    if not r.confirmed:
        parts.append("Its facts are not confirmed in our sources.")
    if r.caveats:
        parts.append(f"Caveat: {r.caveats}")
    return " ".join(parts)


_DISCLAIMER = re.compile(r"^\s*[_*]+[^\n]*(project'?s (own )?guidance|not (the )?text of)[^\n]*[_*]+\s*\n+", re.IGNORECASE)


def _strip_disclaimer(text: str) -> str:
    """Guidance opens with an italic 'this is our guidance' line; the chunk's kind already says so."""
    return _DISCLAIMER.sub("", text.strip(), count=1).strip()


def build_chunks(corpus: Corpus) -> list[Chunk]:
    """All chunks in a deterministic order (the order is part of the index contract)."""
    fw = corpus.framework
    chunks: list[Chunk] = []
    for d in fw.domains:
        chunks.extend(_domain_chunks(d))
    for n in fw.notes:
        chunks.append(Chunk(id=n.id, kind="note", title=n.title, text=n.text.strip(), provenance=_prov(n.provenance)))
    for df in fw.definitions:
        chunks.append(
            Chunk(
                id=df.id,
                kind="definition",
                title=f"Definition: {df.term}",
                text=df.text.strip(),
                provenance=_prov(df.provenance),
            )
        )
    for u in fw.uses:
        chunks.append(
            Chunk(
                id=u.id,
                kind="use",
                title=u.title,
                text=" ".join(p.strip() for p in u.points),
                provenance=_prov(u.provenance),
            )
        )
    for g in corpus.guidance:
        for i, sec in enumerate(g.sections, start=1):
            title = g.title if sec.title == g.title else f"{g.title}: {sec.title}"
            chunks.append(
                Chunk(
                    id=f"doc:{g.slug}#{i}",
                    kind="guidance",
                    title=title,
                    text=_strip_disclaimer(sec.text),
                    domain=g.domains[0] if len(g.domains) == 1 else None,
                    category=g.categories[0] if len(g.categories) == 1 else None,
                    provenance={"source": "project guidance", "basis": list(g.basis)},
                    meta={"slug": g.slug, "audience": list(g.audience), "domains": list(g.domains),
                          "doc_title": g.title, "section": sec.title},
                )
            )
    for r in corpus.resources:
        chunks.append(
            Chunk(
                id=f"res:{r.slug}",
                kind="resource",
                title=r.name,
                text=_resource_text(r),
                provenance={"url": r.url, "sources": list(r.sources), "confirmed": r.confirmed},
                meta={
                    "type": r.type,
                    "url": r.url,
                    "confirmed": r.confirmed,
                    "helps_develop": list(r.helps_develop),
                    "helps_develop_basis": r.helps_develop_basis,
                },
            )
        )
    for practice in corpus.practice:
        seen: dict[str, int] = {}
        for ex in practice.examples:
            seen[ex.statement] = k = seen.get(ex.statement, 0) + 1
            parts = ex.statement.split(".")
            item = fw.category(".".join(parts[:2])) if len(parts) == 3 else fw.domain(parts[0])
            name = item.name if item is not None else ex.statement
            chunks.append(
                Chunk(
                    id=f"ex:{ex.statement}#{k}",
                    kind="example",
                    title=f"{name}, Level {parts[-1][1:]} in practice ({ex.setting}; project example of {ex.statement})",
                    text=ex.text.strip(),
                    domain=parts[0],
                    category=f"{parts[0]}.{parts[1]}" if len(parts) == 3 else None,
                    level=int(parts[-1][1:]),
                    provenance={"source": "project guidance", "basis": practice.basis},
                    meta={"statement": ex.statement, "setting": ex.setting, "collection": practice.id},
                )
            )
    return chunks
