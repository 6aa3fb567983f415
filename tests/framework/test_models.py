"""Validators of the framework records: each rejects bad input with a message that says what is wrong."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError

from assistant.framework.models import (
    Category,
    Corpus,
    Domain,
    Framework,
    GuidanceDoc,
    LevelStatement,
    Resource,
)

PROV = {"source_url": "https://example.org/framework", "text_version": "astc-current"}


def level(n: int, statement: str = "Does the work of this level well.") -> dict[str, Any]:
    return {"level": n, "scope": "own institution", "statement": statement}


def category(cid: str = "A.1", levels: tuple[int, ...] = (1, 2, 3)) -> dict[str, Any]:
    return {"id": cid, "name": "Mission", "levels": [level(n) for n in levels], "provenance": PROV}


def domain(did: str = "A", **extra: Any) -> dict[str, Any]:
    return {
        "id": did,
        "number": "ABCD".index(did) + 1,
        "name": f"Domain {did}",
        "description": "A description that is long enough to pass.",
        "levels": [level(1), level(2), level(3)],
        "provenance": PROV,
        **extra,
    }


def framework(**extra: Any) -> dict[str, Any]:
    return {
        "manifest": {
            "framework_id": "isl-pcf",
            "name": "Test framework",
            "version": "1",
            "ids_version": 1,
            "owner": "ASTC",
            "statement": "What this test corpus holds.",
        },
        "domains": [domain("A", categories=[category("A.1", (1, 2)), category("A.2")], unpublished_categories=["A.3"])],
        **extra,
    }


def resource(**extra: Any) -> dict[str, Any]:
    return {
        "slug": "astc",
        "name": "ASTC",
        "type": "organization",
        "kind": "membership association",
        "summary": "A membership association of science centers and museums.",
        "confirmed": True,
        **extra,
    }


def guidance(**extra: Any) -> dict[str, Any]:
    return {"slug": "reading-levels", "title": "Reading levels", "summary": "How to read levels.",
            "sections": [{"title": "Intro", "text": "Text."}], **extra}


class TestLevelStatement:
    def test_valid(self) -> None:
        s = LevelStatement.model_validate(level(2))
        assert (s.level, s.complete, s.verbs) == (2, True, ())

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (level(0), "greater than or equal to 1"),
            (level(4), "less than or equal to 3"),
            (level(1, "Too short"), "at least 10 characters"),
            ({**level(1), "colour": "red"}, "Extra inputs are not permitted"),
            ({"level": 1, "statement": "Missing its scope entirely."}, "scope"),
        ],
    )
    def test_rejects(self, data: dict[str, Any], message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            LevelStatement.model_validate(data)

    def test_frozen(self) -> None:
        s = LevelStatement.model_validate(level(1))
        with pytest.raises(ValidationError):
            s.level = 2  # type: ignore[misc]


class TestCategory:
    @pytest.mark.parametrize("cid", ["A.1", "B.4", "D.3"])
    def test_accepts_ids(self, cid: str) -> None:
        assert Category.model_validate(category(cid)).domain == cid[0]

    @pytest.mark.parametrize("cid", ["A.5", "E.1", "A1", "a.1", "A.1.L1", "A.0", ""])
    def test_rejects_bad_ids(self, cid: str) -> None:
        with pytest.raises(ValidationError, match="must look like 'A.1'"):
            Category.model_validate(category(cid))

    def test_rejects_a_level_listed_twice(self) -> None:
        with pytest.raises(ValidationError, match="lists a level twice"):
            Category.model_validate(category("A.1", (1, 1)))

    @pytest.mark.parametrize(("levels", "missing"), [((1, 2, 3), []), ((1,), [2, 3]), ((2,), [1, 3]), ((), [1, 2, 3])])
    def test_missing_levels(self, levels: tuple[int, ...], missing: list[int]) -> None:
        cat = Category.model_validate(category("B.2", levels))
        assert cat.missing_levels == missing
        for n in (1, 2, 3):
            assert (cat.level(n) is None) == (n in missing)


class TestDomain:
    def test_valid(self) -> None:
        d = Domain.model_validate(domain("B", categories=[category("B.1")], unpublished_categories=["B.3"]))
        assert d.level(3) is not None and d.level(4) is None

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            ({"categories": [category("B.1")]}, "category B.1 sits under domain A"),
            ({"unpublished_categories": ["B.3"]}, "must be an id of domain A"),
            ({"unpublished_categories": ["A.9"]}, "must be an id of domain A"),
            ({"categories": [category("A.1")], "unpublished_categories": ["A.1"]}, "both published and unpublished"),
            ({"levels": [level(1), level(1), level(3)]}, "exactly one statement for each of levels 1, 2, 3"),
            ({"levels": [level(1), level(2)]}, "at least 3 items"),
            ({"description": "Too short."}, "at least 20 characters"),
            ({"id": "E"}, "Input should be 'A', 'B', 'C' or 'D'"),
        ],
    )
    def test_rejects(self, extra: dict[str, Any], message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            Domain.model_validate(domain("A", **extra))


class TestFramework:
    def test_lookups_and_unpublished_ids(self) -> None:
        fw = Framework.model_validate(framework())
        assert [c.id for c in fw.categories] == ["A.1", "A.2"]
        assert fw.category("A.2") is not None
        assert fw.category("A.3") is None and fw.category("Z.1") is None and fw.domain("B") is None
        assert fw.unpublished_ids() == {"A.3", "A.3.L1", "A.3.L2", "A.3.L3", "A.1.L3"}

    @pytest.mark.parametrize(
        ("mutate", "dupe"),
        [
            (lambda d: d["domains"][0]["categories"].append(category("A.2")), "A.2"),
            (lambda d: d.update(definitions=[
                {"id": "def:x", "term": "x", "text": "x", "provenance": PROV},
                {"id": "def:x", "term": "y", "text": "y", "provenance": PROV},
            ]), "def:x"),
            (lambda d: d.update(notes=[{"id": "A", "title": "t", "text": "t", "provenance": PROV}]), "A"),
        ],
    )
    def test_rejects_duplicate_ids(self, mutate: Any, dupe: str) -> None:
        data = copy.deepcopy(framework())
        mutate(data)
        with pytest.raises(ValidationError, match=f"duplicate ids: \\['{dupe}'\\]"):
            Framework.model_validate(data)

    def test_needs_a_domain(self) -> None:
        with pytest.raises(ValidationError, match="at least 1 item"):
            Framework.model_validate(framework(domains=[]))


class TestResource:
    def test_valid(self) -> None:
        r = Resource.model_validate(resource(helps_develop=["A", "B.1"]))
        assert r.helps_develop == ("A", "B.1") and r.helps_develop_basis == "project judgment"

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            ({"slug": "Has Spaces"}, "lowercase letters, digits and hyphens"),
            ({"slug": "-leading"}, "lowercase letters, digits and hyphens"),
            ({"helps_develop": ["E"]}, "must be a domain \\(A-D\\) or category id"),
            ({"helps_develop": ["A.4.L2"]}, "must be a domain \\(A-D\\) or category id"),
            ({"type": "podcast"}, "Input should be 'organization'"),
            ({"summary": "Too short."}, "at least 20 characters"),
            ({"confirmed": None}, "valid boolean"),
            ({"website": "https://x"}, "Extra inputs are not permitted"),
        ],
    )
    def test_rejects(self, extra: dict[str, Any], message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            Resource.model_validate(resource(**extra))

    def test_confirmed_is_required(self) -> None:
        data = resource()
        del data["confirmed"]
        with pytest.raises(ValidationError, match="confirmed"):
            Resource.model_validate(data)


class TestGuidanceDoc:
    def test_valid(self) -> None:
        assert GuidanceDoc.model_validate(guidance(domains=["A"])).sections[0].title == "Intro"

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            ({"slug": "Reading_Levels"}, "lowercase letters, digits and hyphens"),
            ({"sections": []}, "at least 1 item"),
            ({"author": "me"}, "Extra inputs are not permitted"),
        ],
    )
    def test_rejects(self, extra: dict[str, Any], message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            GuidanceDoc.model_validate(guidance(**extra))


def test_corpus_resource_lookup() -> None:
    c = Corpus(
        framework=Framework.model_validate(framework()),
        guidance=(),
        resources=(Resource.model_validate(resource()),),
        content_hash="0" * 64,
    )
    assert c.resource("astc") is not None and c.resource("nope") is None
