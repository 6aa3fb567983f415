"""The competency model: typed records and the loader that validates ``corpus/`` into them."""

from assistant.framework.loader import load_corpus
from assistant.framework.models import (
    Category,
    Corpus,
    Definition,
    Domain,
    Framework,
    GuidanceDoc,
    LevelStatement,
    Provenance,
    Resource,
    UseGroup,
)

__all__ = [
    "Category",
    "Corpus",
    "Definition",
    "Domain",
    "Framework",
    "GuidanceDoc",
    "LevelStatement",
    "Provenance",
    "Resource",
    "UseGroup",
    "load_corpus",
]
