"""Load and validate ``corpus/`` into typed records.

Layout (documented in ``corpus/FORMAT.md``)::

    corpus/framework/*.yaml    exactly one framework file (manifest, domains, notes, definitions, uses)
    corpus/guidance/*.md       guidance documents with YAML front matter, sections split at '## '
    corpus/resources/*.yaml    each file: ``resources: [Resource, ...]``
    corpus/practice/*.yaml     project examples of what each level statement looks like in practice

A broken file raises :class:`CorpusError` naming the file, the item and the reason.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.errors import CorpusError
from assistant.framework.models import (
    Corpus,
    Framework,
    GuidanceDoc,
    GuidanceSection,
    PracticeExamples,
    Resource,
)


def corpus_hash(root: Path) -> str:
    """Content hash of every corpus file (path and bytes), the key for index staleness."""
    h = hashlib.sha256()
    files = [p for sub in ("framework", "guidance", "resources", "practice") for p in (root / sub).rglob("*")]
    for path in sorted(p for p in files if p.is_file() and p.suffix in {".yaml", ".yml", ".md"}):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise CorpusError(str(path), "(file)", f"not UTF-8 text: {exc}") from exc
    except yaml.YAMLError as exc:
        raise CorpusError(str(path), "(file)", f"invalid YAML: {exc}") from exc


def _describe(err: ValidationError, data: Any) -> tuple[str, str]:
    """Turn the first pydantic error into (item, reason) a person can act on."""
    first = err.errors()[0]
    loc = first.get("loc", ())
    item = ".".join(str(p) for p in loc) or "(root)"
    # name the item by its id when the location passes through a list of records
    node = data
    named = []
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and ("id" in node or "slug" in node):
            named.append(str(node.get("id") or node.get("slug")))
    if named:
        item = f"{named[-1]} ({item})"
    return item, first.get("msg", "invalid")


def load_framework(path: Path) -> Framework:
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise CorpusError(str(path), "(root)", "expected a mapping with manifest, domains, notes, definitions, uses")
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        item, reason = _describe(exc, data)
        raise CorpusError(str(path), item, reason) from exc


def parse_guidance(path: Path) -> GuidanceDoc:
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(str(path), "(file)", f"not UTF-8 text: {exc}") from exc
    if not raw.startswith("---\n"):
        raise CorpusError(str(path), "(front matter)", "a guidance document starts with '---' YAML front matter")
    try:
        _, front, body = raw.split("---\n", 2)
    except ValueError as exc:
        raise CorpusError(str(path), "(front matter)", "front matter is not closed with '---'") from exc
    try:
        meta = yaml.safe_load(front) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(str(path), "(front matter)", f"invalid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise CorpusError(str(path), "(front matter)", "front matter must be a mapping")
    sections: list[GuidanceSection] = []
    title = str(meta.get("title", path.stem))
    current_title, lines = title, list[str]()
    for line in body.splitlines():
        if line.startswith("## "):
            text = "\n".join(lines).strip()
            if text:
                sections.append(GuidanceSection(title=current_title, text=text))
            current_title, lines = line[3:].strip(), []
        elif line.startswith("# ") and not sections and not "".join(lines).strip():
            continue  # a top-level heading repeating the title
        else:
            lines.append(line)
    text = "\n".join(lines).strip()
    if text:
        sections.append(GuidanceSection(title=current_title, text=text))
    data = {**meta, "sections": [s.model_dump() for s in sections]}
    try:
        return GuidanceDoc.model_validate(data)
    except ValidationError as exc:
        item, reason = _describe(exc, data)
        raise CorpusError(str(path), item, reason) from exc


def load_resources(path: Path) -> list[Resource]:
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
        raise CorpusError(str(path), "(root)", "expected a mapping with a 'resources' list")
    out = []
    for i, item in enumerate(data["resources"]):
        try:
            out.append(Resource.model_validate(item))
        except ValidationError as exc:
            name = item.get("slug", f"#{i}") if isinstance(item, dict) else f"#{i}"
            sub, reason = _describe(exc, item)
            raise CorpusError(str(path), f"{name} ({sub})", reason) from exc
    return out


def load_practice(path: Path, framework: Framework) -> PracticeExamples:
    """A practice-examples file; every example must illustrate a level statement the corpus publishes."""
    data = _read_yaml(path)
    try:
        practice = PracticeExamples.model_validate(data)
    except ValidationError as exc:
        item, reason = _describe(exc, data)
        raise CorpusError(str(path), item, reason) from exc
    published = {f"{d.id}.L{s.level}" for d in framework.domains for s in d.levels}
    published |= {f"{c.id}.L{s.level}" for c in framework.categories for s in c.levels}
    for ex in practice.examples:
        if ex.statement not in published:
            raise CorpusError(str(path), ex.statement, "no published level statement has this id: an example "
                                                        "may only illustrate what the corpus publishes")
    return practice


def load_corpus(root: Path) -> Corpus:
    """Load and cross-check the whole corpus; raises :class:`CorpusError` on the first problem."""
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(str(root), "(dir)", "corpus directory not found; set ASSISTANT_CORPUS_DIR")
    fw_files = sorted((root / "framework").glob("*.yaml"))
    if len(fw_files) != 1:
        raise CorpusError(str(root / "framework"), "(dir)", f"expected exactly one framework YAML, found {len(fw_files)}")
    framework = load_framework(fw_files[0])
    guidance = [parse_guidance(p) for p in sorted((root / "guidance").glob("*.md"))]
    resource_files = {p: load_resources(p) for p in sorted((root / "resources").glob("*.yaml"))}
    resources = [r for rs in resource_files.values() for r in rs]
    practice = tuple(load_practice(p, framework) for p in sorted((root / "practice").glob("*.yaml")))
    file_of = {r.slug: p for p, rs in resource_files.items() for r in rs}

    known = {d.id for d in framework.domains} | {c.id for c in framework.categories}
    _check_unique(root / "guidance", [g.slug for g in guidance])
    _check_unique(root / "resources", [r.slug for r in resources])
    for g in guidance:
        for ref in (*g.domains, *g.categories):
            if ref not in known:
                raise CorpusError(str(root / "guidance" / f"{g.slug}.md"), g.slug, f"refers to unknown framework id {ref!r}")
    for r in resources:
        for ref in r.helps_develop:
            if ref not in known:
                raise CorpusError(
                    str(file_of[r.slug]), r.slug, f"helps_develop names {ref!r}, which this corpus does not publish"
                )
    return Corpus(
        framework=framework, guidance=tuple(guidance), resources=tuple(resources), content_hash=corpus_hash(root),
        practice=practice,
    )


def _check_unique(where: Path, slugs: list[str]) -> None:
    dupes = sorted({s for s in slugs if slugs.count(s) > 1})
    if dupes:
        raise CorpusError(str(where), dupes[0], "slug used more than once")
