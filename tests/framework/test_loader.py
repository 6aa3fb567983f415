"""The loader: the real corpus loads, and every broken corpus fails naming the file, the item and the reason."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.errors import CorpusError
from assistant.framework.loader import corpus_hash, load_corpus, parse_guidance
from assistant.framework.models import Corpus
from assistant.settings import ROOT

CORPUS_DIR = ROOT / "corpus"
FRAMEWORK = "framework/isl-framework.yaml"

GOOD_RESOURCE = {
    "slug": "zz-test-association",
    "name": "Test Association",
    "type": "organization",
    "kind": "membership association",
    "summary": "A membership association used only by the loader tests.",
    "confirmed": False,
    "helps_develop": ["A", "B.1"],
}

GOOD_GUIDANCE = textwrap.dedent(
    """\
    ---
    slug: zz-test-guide
    title: Test guide
    summary: A guide used only by the loader tests.
    domains: [A]
    categories: [A.4]
    ---
    # Test guide

    Opening words before any section.

    ## Reading a level

    Level statements describe what a person does.

    ## Choosing a level

    No level is the single right one.
    """
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A private copy of the real corpus that a test may break."""
    out = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, out)
    for sub in ("guidance", "resources"):
        (out / sub).mkdir(exist_ok=True)
    return out


def edit_framework(root: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = root / FRAMEWORK
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def write_resources(root: Path, *items: dict[str, Any], name: str = "zz-test.yaml") -> Path:
    path = root / "resources" / name
    path.write_text(yaml.safe_dump({"resources": list(items)}, sort_keys=False), encoding="utf-8")
    return path


def category(data: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(c for d in data["domains"] for c in d.get("categories", []) if c["id"] == cid)


# ---- the real corpus ------------------------------------------------------------------------


class TestRealCorpus:
    def test_loads(self, corpus: Corpus) -> None:
        fw = corpus.framework
        assert [d.id for d in fw.domains] == ["A", "B", "C", "D"]
        assert [c.id for c in fw.categories] == ["A.1", "A.2", "A.3", "A.4", "B.1", "B.2", "C.1", "C.2"]
        assert fw.manifest.counts["categories_in_corpus"] == len(fw.categories)
        assert len(corpus.content_hash) == 64

    @pytest.mark.parametrize("cid", ["B.3", "B.4", "C.3", "C.4", "D.1", "D.2", "D.3", "D.4"])
    def test_unpublished_categories_are_ids_without_content(self, corpus: Corpus, cid: str) -> None:
        assert corpus.framework.category(cid) is None
        assert {cid, f"{cid}.L1", f"{cid}.L2", f"{cid}.L3"} <= corpus.framework.unpublished_ids()

    @pytest.mark.parametrize("lid", ["B.2.L2", "B.2.L3", "C.2.L2", "C.2.L3"])
    def test_missing_levels_are_unpublished(self, corpus: Corpus, lid: str) -> None:
        assert lid in corpus.framework.unpublished_ids()

    def test_cross_references_resolve(self, corpus: Corpus) -> None:
        known = {d.id for d in corpus.framework.domains} | {c.id for c in corpus.framework.categories}
        for r in corpus.resources:
            assert set(r.helps_develop) <= known, r.slug
        for g in corpus.guidance:
            assert set(g.domains) | set(g.categories) <= known, g.slug


# ---- the content hash -----------------------------------------------------------------------


def test_hash_is_stable_and_tracks_content(root: Path) -> None:
    first = load_corpus(root).content_hash
    assert load_corpus(root).content_hash == first == corpus_hash(root)
    (root / "notes.txt").write_text("not corpus content")  # other suffixes are ignored
    assert corpus_hash(root) == first
    fw = root / FRAMEWORK
    fw.write_text(fw.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert corpus_hash(root) != first


def test_hash_tracks_file_names(root: Path) -> None:
    path = write_resources(root, GOOD_RESOURCE)
    before = corpus_hash(root)
    path.rename(path.with_name("zz-renamed.yaml"))
    assert corpus_hash(root) != before


# ---- good additions load --------------------------------------------------------------------


def test_added_resource_and_guidance_load(root: Path) -> None:
    write_resources(root, GOOD_RESOURCE)
    (root / "guidance" / "zz-test-guide.md").write_text(GOOD_GUIDANCE, encoding="utf-8")
    c = load_corpus(root)
    r = c.resource("zz-test-association")
    assert r is not None and r.helps_develop == ("A", "B.1")
    doc = next(g for g in c.guidance if g.slug == "zz-test-guide")
    # the "# Test guide" heading repeats the title and is dropped; text before the first "## " is section 1
    assert [s.title for s in doc.sections] == ["Test guide", "Reading a level", "Choosing a level"]
    assert doc.sections[0].text == "Opening words before any section."


def test_guidance_without_sections_body_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("---\nslug: empty\ntitle: Empty\nsummary: Nothing.\n---\n\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        parse_guidance(path)
    assert info.value.item == "sections" and "at least 1 item" in info.value.reason


# ---- broken corpora -------------------------------------------------------------------------


def short_statement(root: Path) -> None:
    edit_framework(root, lambda d: category(d, "A.4")["levels"][1].update(statement="Short"))


def duplicate_category(root: Path) -> None:
    edit_framework(root, lambda d: d["domains"][0]["categories"].append(category(d, "A.4")))


def duplicate_definition(root: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["definitions"][1]["id"] = d["definitions"][0]["id"]

    edit_framework(root, change)


def bad_category_id(root: Path) -> None:
    edit_framework(root, lambda d: category(d, "A.2").update(id="A.9"))


def invalid_framework_yaml(root: Path) -> None:
    (root / FRAMEWORK).write_text("manifest: {name: [unclosed\ndomains: -\n", encoding="utf-8")


def framework_not_a_mapping(root: Path) -> None:
    (root / FRAMEWORK).write_text("- just\n- a list\n", encoding="utf-8")


def two_framework_files(root: Path) -> None:
    shutil.copy(root / FRAMEWORK, root / "framework" / "second.yaml")


def no_framework_file(root: Path) -> None:
    (root / FRAMEWORK).unlink()


def malformed_helps_develop(root: Path) -> None:
    write_resources(root, {**GOOD_RESOURCE, "helps_develop": ["Z.9"]})


def short_resource_summary(root: Path) -> None:
    write_resources(root, GOOD_RESOURCE, {**GOOD_RESOURCE, "slug": "zz-second", "summary": "Too short."})


def invalid_resource_yaml(root: Path) -> None:
    (root / "resources" / "zz-test.yaml").write_text("resources:\n  - slug: [oops\n", encoding="utf-8")


def resources_without_list(root: Path) -> None:
    (root / "resources" / "zz-test.yaml").write_text("organizations: []\n", encoding="utf-8")


def guidance_without_front_matter(root: Path) -> None:
    (root / "guidance" / "zz-test-guide.md").write_text("# A guide\n\n## Part\n\nText.\n", encoding="utf-8")


def guidance_front_matter_not_closed(root: Path) -> None:
    (root / "guidance" / "zz-test-guide.md").write_text("---\nslug: zz-test-guide\ntitle: T\n", encoding="utf-8")


def guidance_invalid_front_matter(root: Path) -> None:
    (root / "guidance" / "zz-test-guide.md").write_text("---\nslug: [oops\n---\n## A\n\nText.\n", encoding="utf-8")


def guidance_unknown_category(root: Path) -> None:
    text = GOOD_GUIDANCE.replace("categories: [A.4]", "categories: [D.2]")
    (root / "guidance" / "zz-test-guide.md").write_text(text, encoding="utf-8")


BROKEN = [
    # (break the copy, file the error names (suffix), item it names, words of the reason)
    (short_statement, FRAMEWORK, "A.4 (domains.0.categories.3.levels.1.statement)", "at least 10 characters"),
    (duplicate_category, FRAMEWORK, "(root)", "duplicate ids: ['A.4']"),
    (duplicate_definition, FRAMEWORK, "(root)", "duplicate ids: ['def:competency-framework']"),
    (bad_category_id, FRAMEWORK, "A.9 (domains.0.categories.1.id)", "must look like 'A.1'"),
    (invalid_framework_yaml, FRAMEWORK, "(file)", "invalid YAML"),
    (framework_not_a_mapping, FRAMEWORK, "(root)", "expected a mapping"),
    (two_framework_files, "framework", "(dir)", "expected exactly one framework YAML, found 2"),
    (no_framework_file, "framework", "(dir)", "expected exactly one framework YAML, found 0"),
    (malformed_helps_develop, "resources/zz-test.yaml", "zz-test-association (helps_develop)",
     "helps_develop entry 'Z.9' must be a domain"),
    (short_resource_summary, "resources/zz-test.yaml", "zz-second (summary)", "at least 20 characters"),
    (invalid_resource_yaml, "resources/zz-test.yaml", "(file)", "invalid YAML"),
    (resources_without_list, "resources/zz-test.yaml", "(root)", "expected a mapping with a 'resources' list"),
    (guidance_without_front_matter, "guidance/zz-test-guide.md", "(front matter)", "starts with '---'"),
    (guidance_front_matter_not_closed, "guidance/zz-test-guide.md", "(front matter)", "not closed"),
    (guidance_invalid_front_matter, "guidance/zz-test-guide.md", "(front matter)", "invalid YAML"),
    (guidance_unknown_category, "guidance/zz-test-guide.md", "zz-test-guide", "unknown framework id 'D.2'"),
]


@pytest.mark.parametrize(("breaker", "file", "item", "reason"), BROKEN, ids=[b[0].__name__ for b in BROKEN])
def test_broken_corpus_names_file_item_and_reason(
    root: Path, breaker: Callable[[Path], None], file: str, item: str, reason: str
) -> None:
    breaker(root)
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    err = info.value
    assert Path(err.file) == root / file
    assert err.item == item
    assert reason in err.reason
    assert str(err).startswith(f"{root / file}: {item}: ")
    assert reason in str(err)


@pytest.mark.parametrize("target", ["D.1", "C.3"])
def test_unpublished_helps_develop_names_file_item_and_reason(root: Path, target: str) -> None:
    write_resources(root, GOOD_RESOURCE, name="zz-good.yaml")
    path = write_resources(root, {**GOOD_RESOURCE, "slug": "zz-bad", "helps_develop": ["A", target]})
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    err = info.value
    assert (err.file, err.item) == (str(path), "zz-bad")
    assert f"helps_develop names {target!r}, which this corpus does not publish" in str(err)


def test_duplicate_resource_slug(root: Path) -> None:
    write_resources(root, GOOD_RESOURCE, name="zz-a.yaml")
    write_resources(root, GOOD_RESOURCE, name="zz-b.yaml")
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    assert (info.value.item, info.value.reason) == ("zz-test-association", "slug used more than once")
    assert info.value.file == str(root / "resources")


def test_missing_corpus_dir(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="corpus directory not found; set ASSISTANT_CORPUS_DIR"):
        load_corpus(tmp_path / "nowhere")


def test_non_utf8_guidance(root: Path) -> None:
    (root / "guidance" / "zz-latin1.md").write_bytes("---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    assert info.value.item == "(file)" and "not UTF-8" in info.value.reason


# ---- practice examples ----------------------------------------------------------------------

PRACTICE = """id: zz-practice
title: "Test examples"
basis: "written for this test"
examples:
  - {statement: %s, setting: zoo, text: "Counts the till at the gift kiosk and logs it in the shared sheet."}
"""


def test_practice_examples_load_and_feed_the_hash(root: Path) -> None:
    before = corpus_hash(root)
    (root / "practice").mkdir(exist_ok=True)
    (root / "practice" / "zz.yaml").write_text(PRACTICE % "A.4.L1", encoding="utf-8")
    c = load_corpus(root)
    ours = next(p for p in c.practice if p.id == "zz-practice")
    assert [e.statement for e in ours.examples] == ["A.4.L1"] and corpus_hash(root) != before


@pytest.mark.parametrize("statement", ["B.2.L3", "D.1.L1", "C.2.L2"])
def test_an_example_of_an_unpublished_statement_stops_the_load(root: Path, statement: str) -> None:
    (root / "practice").mkdir(exist_ok=True)
    (root / "practice" / "zz.yaml").write_text(PRACTICE % statement, encoding="utf-8")
    with pytest.raises(CorpusError, match="no published level statement"):
        load_corpus(root)


def test_the_project_examples_cover_every_published_statement(corpus: Corpus) -> None:
    fw = corpus.framework
    published = {f"{d.id}.L{s.level}" for d in fw.domains for s in d.levels}
    published |= {f"{c.id}.L{s.level}" for c in fw.categories for s in c.levels}
    covered = {e.statement for p in corpus.practice for e in p.examples}
    assert covered == published
