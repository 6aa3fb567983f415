"""Chunks: stable, citable ids; one chunk per published item; nothing for unpublished ids."""

from __future__ import annotations

import re
import shutil
import textwrap
from collections import defaultdict
from pathlib import Path

import pytest

from assistant.framework.loader import load_corpus
from assistant.framework.models import Corpus
from assistant.indexing.chunks import FRAMEWORK_KINDS, Chunk, build_chunks
from assistant.settings import ROOT

EXPECTED = [
    # (id, kind, domain, category, level)
    ("A", "domain", "A", None, None),
    ("D", "domain", "D", None, None),
    ("A.L1", "domain_level", "A", None, 1),
    ("D.L3", "domain_level", "D", None, 3),
    ("A.1", "category", "A", "A.1", None),
    ("A.4", "category", "A", "A.4", None),
    ("A.4.L2", "level", "A", "A.4", 2),
    ("B.2.L1", "level", "B", "B.2", 1),
    ("C.2.L1", "level", "C", "C.2", 1),
    ("fw:levels-note", "note", None, None, None),
    ("fw:unpublished", "note", None, None, None),
    ("def:learning-pathway", "definition", None, None, None),
    ("use:supervisors", "use", None, None, None),
]


@pytest.fixture(scope="module")
def chunks(corpus: Corpus) -> list[Chunk]:
    return build_chunks(corpus)


@pytest.fixture(scope="module")
def by_id(chunks: list[Chunk]) -> dict[str, Chunk]:
    return {c.id: c for c in chunks}


def test_ids_are_unique(chunks: list[Chunk]) -> None:
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids))


def test_ids_and_texts_stable_across_builds(corpus: Corpus, tmp_path: Path, chunks: list[Chunk]) -> None:
    copy = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", copy)
    # a second build from a second load of the same files (the session corpus may be older than the
    # files on disk while guidance is being written, so compare two fresh loads of one snapshot)
    first, second = build_chunks(load_corpus(copy)), build_chunks(load_corpus(copy))
    assert [c.to_dict() for c in first] == [c.to_dict() for c in second]
    assert build_chunks(corpus) == chunks


@pytest.mark.parametrize(("cid", "kind", "domain", "category", "level"), EXPECTED)
def test_expected_chunk(
    by_id: dict[str, Chunk], cid: str, kind: str, domain: str | None, category: str | None, level: int | None
) -> None:
    c = by_id[cid]
    assert (c.kind, c.domain, c.category, c.level) == (kind, domain, category, level)
    assert c.is_framework
    assert c.text and c.provenance["source_url"].startswith("http")


def test_every_published_framework_item_has_a_chunk(corpus: Corpus, by_id: dict[str, Chunk]) -> None:
    fw = corpus.framework
    wanted = {d.id for d in fw.domains} | {f"{d.id}.L{s.level}" for d in fw.domains for s in d.levels}
    wanted |= {c.id for c in fw.categories} | {f"{c.id}.L{s.level}" for c in fw.categories for s in c.levels}
    wanted |= {n.id for n in fw.notes} | {d.id for d in fw.definitions} | {u.id for u in fw.uses}
    framework_ids = {cid for cid, c in by_id.items() if c.kind in FRAMEWORK_KINDS}
    assert framework_ids == wanted


@pytest.mark.parametrize("cid", ["D.1", "D.4", "B.3", "C.4", "B.2.L2", "B.2.L3", "C.2.L2", "C.2.L3", "D.1.L1"])
def test_no_chunk_for_unpublished_ids(corpus: Corpus, by_id: dict[str, Chunk], cid: str) -> None:
    assert cid in corpus.framework.unpublished_ids()
    assert cid not in by_id


def test_no_chunk_for_any_unpublished_id(corpus: Corpus, by_id: dict[str, Chunk]) -> None:
    assert not corpus.framework.unpublished_ids() & by_id.keys()


def test_unpublished_parts_are_named_in_the_text(by_id: dict[str, Chunk]) -> None:
    assert "Categories not in this corpus: D.1, D.2, D.3, D.4." in by_id["D"].text
    assert "Levels not in this corpus: 2, 3." in by_id["B.2"].text
    assert "Only part of this statement is published" in by_id["C.2.L1"].text


def test_level_chunk_text(corpus: Corpus, by_id: dict[str, Chunk]) -> None:
    c = by_id["A.4.L2"]
    stmt = corpus.framework.category("A.4").level(2)  # type: ignore[union-attr]
    assert stmt is not None and c.text.startswith(stmt.statement)
    assert "Scope: own institution." in c.text
    assert c.title == "A.4 Finances, Level 2 (Institutional Operations)"
    assert c.search_text == f"{c.title}. {c.text}"


def test_guidance_ids_number_sections_from_one(corpus: Corpus, chunks: list[Chunk]) -> None:
    per_slug: dict[str, list[int]] = defaultdict(list)
    for c in chunks:
        if c.kind == "guidance":
            m = re.fullmatch(r"doc:([a-z0-9][a-z0-9-]*)#(\d+)", c.id)
            assert m, c.id
            assert c.meta["slug"] == m.group(1)
            per_slug[m.group(1)].append(int(m.group(2)))
    for g in corpus.guidance:
        assert per_slug[g.slug] == list(range(1, len(g.sections) + 1))


def test_resource_ids(corpus: Corpus, by_id: dict[str, Chunk]) -> None:
    for r in corpus.resources:
        c = by_id[f"res:{r.slug}"]
        assert c.kind == "resource" and c.title == r.name and not c.is_framework
        assert c.meta["helps_develop"] == list(r.helps_develop)
        assert ("not confirmed" in c.text) == (not r.confirmed)


def test_guidance_and_resource_chunks_from_known_files(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", root)
    (root / "guidance" / "zz-two-parts.md").write_text(
        textwrap.dedent(
            """\
            ---
            slug: zz-two-parts
            title: Two parts
            summary: A test guide.
            domains: [B]
            categories: [B.1, B.2]
            ---
            Intro text.

            ## Second

            Second text.

            ## Third

            Third text.
            """
        ),
        encoding="utf-8",
    )
    (root / "resources" / "zz-test.yaml").write_text(
        "resources:\n  - slug: zz-club\n    name: Club\n    type: event\n    kind: meetup\n"
        "    summary: A monthly meetup for the loader tests.\n    confirmed: false\n    offers: [talks]\n",
        encoding="utf-8",
    )
    chunks = {c.id: c for c in build_chunks(load_corpus(root))}
    assert [chunks[f"doc:zz-two-parts#{n}"].title for n in (1, 2, 3)] == [
        "Two parts", "Two parts: Second", "Two parts: Third"
    ]
    assert "doc:zz-two-parts#4" not in chunks
    first = chunks["doc:zz-two-parts#1"]
    assert (first.text, first.domain, first.category) == ("Intro text.", "B", None)
    club = chunks["res:zz-club"]
    assert club.text == "A monthly meetup for the loader tests. Offers: talks. Its facts are not confirmed in our sources."


def test_order_is_framework_then_guidance_then_resources_then_examples(chunks: list[Chunk]) -> None:
    rank = {"guidance": 1, "resource": 2, "example": 3}
    order = [rank.get(c.kind, 0) for c in chunks]
    assert order == sorted(order)
    assert chunks[0].id == "A"


def test_practice_examples_are_project_guidance_under_their_statement(by_id: dict[str, Chunk]) -> None:
    ex = by_id["ex:A.4.L2#1"]
    assert (ex.kind, ex.domain, ex.category, ex.level, ex.meta["statement"]) == ("example", "A", "A.4", 2, "A.4.L2")
    assert ex.provenance["source"] == "project guidance" and "project example of A.4.L2" in ex.title
    d = by_id["ex:D.L3#1"]
    assert (d.domain, d.category, d.level) == ("D", None, 3) and not d.is_framework


@pytest.mark.parametrize("cid", ["A.4.L2", "fw:about", "A", "ex:B.1.L3#2"])
def test_dict_round_trip(by_id: dict[str, Chunk], cid: str) -> None:
    c = by_id[cid]
    assert Chunk.from_dict(c.to_dict()) == c
