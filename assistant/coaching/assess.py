"""Which competencies a person's words touch, and which level their goal points to.

The catalog holds every published category (``A.4``) and every domain (``D``, assessed on its domain
level statements ``D.L1``-``D.L3`` because its categories are unpublished). Retrieval embeds the
person's sentences and compares each with every competency's name, description and level statements;
a competency scores its best sentence-to-text cosine. Nothing here invents framework text: a
competency shows only the statements the corpus holds and names the missing ones.

    >>> matcher = CompetencyMatcher(competency_catalog(corpus), embedder)   # doctest: +SKIP
    >>> [t.id for t in matcher.touched(["I write the grant budget for our exhibits."])]  # doctest: +SKIP
    ['A.4', ...]
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.framework.models import Corpus
from assistant.indexing.embedder import Embedder
from assistant.understanding.text import split_sentences as sentences_of

# Calibrated on all-MiniLM-L6-v2 with the persona answers in evals/coaching/: a sentence about budgets
# scores ~0.6 against A.4 (vocabulary included), small talk stays under ~0.3.
TOUCH_THRESHOLD = 0.35
PICK_THRESHOLD = 0.45
# A word from the bank's vocabulary counts as this cosine (a clear, explainable match).
LEXICAL_SCORE = 0.50

_ID = re.compile(r"\b([A-D])\.([1-4])(?:\.L[1-3])?\b")
_DOMAIN_ID = re.compile(r"\bdomain\s+([A-D])\b", re.I)
# single name words too common in answers to count as naming a category ("my role", "my goals")
_GENERIC_NAME_WORDS = {"role", "goals", "practice", "vision"}

_VECTOR_CACHE: dict[tuple[int, str], dict[str, np.ndarray]] = {}
_CACHE_LIMIT = 20_000
_cache_lock = threading.Lock()


def cached_embed(embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """Embed with a per-process cache: corpus texts and repeated answers are embedded once per model.

    Building a service (or one per test) then costs nothing after the first, and the CPU-bound model
    is not run again for text it has already seen.
    """
    key = (id(embedder), getattr(embedder, "model_id", ""))
    with _cache_lock:
        cache = _VECTOR_CACHE.setdefault(key, {})
        missing = list(dict.fromkeys(t for t in texts if t not in cache))
    if missing:
        vecs = embedder.embed(missing)
        with _cache_lock:
            if len(cache) + len(missing) > _CACHE_LIMIT:
                cache.clear()
            cache.update(zip(missing, vecs, strict=True))
            got = [cache[t] for t in texts if t in cache]
        if len(got) != len(texts):  # cleared meanwhile: embed directly
            return embedder.embed(list(texts))
        return np.stack(got) if got else np.zeros((0, getattr(embedder, "dim", 384)), dtype=np.float32)
    with _cache_lock:
        rows = [cache[t] for t in texts]
    return np.stack(rows) if rows else np.zeros((0, getattr(embedder, "dim", 384)), dtype=np.float32)


@dataclass(frozen=True)
class StatementRef:
    """A published level statement: ``A.4.L2`` or ``D.L1``."""

    id: str
    level: int
    text: str
    complete: bool


@dataclass(frozen=True)
class Competency:
    """A category (``A.4``) or a domain (``D``) that a person can rate themselves on."""

    id: str
    name: str
    domain: str
    domain_name: str
    kind: str  # "category" | "domain"
    description: str | None
    statements: tuple[StatementRef, ...]

    @property
    def label(self) -> str:
        return f"{self.id} {self.name}"

    @property
    def missing_levels(self) -> list[int]:
        have = {s.level for s in self.statements}
        return [n for n in (1, 2, 3) if n not in have]

    @property
    def complete(self) -> bool:
        return not self.missing_levels and all(s.complete for s in self.statements)

    def statement(self, level: int) -> StatementRef | None:
        return next((s for s in self.statements if s.level == level), None)

    def statement_id(self, level: int) -> str:
        return f"{self.id}.L{level}"


@dataclass(frozen=True)
class Touch:
    id: str
    score: float
    sentence: str


def competency_catalog(corpus: Corpus) -> list[Competency]:
    """Every category of the corpus, then every domain, in framework order."""
    out: list[Competency] = []
    domains = corpus.framework.domains
    for d in domains:
        for c in d.categories:
            refs = tuple(StatementRef(f"{c.id}.L{s.level}", s.level, s.statement, s.complete) for s in c.levels)
            out.append(Competency(c.id, c.name, d.id, d.name, "category", c.description, refs))
    for d in domains:
        refs = tuple(StatementRef(f"{d.id}.L{s.level}", s.level, s.statement, s.complete) for s in d.levels)
        out.append(Competency(d.id, d.name, d.id, d.name, "domain", d.description, refs))
    return out


def practice_texts(corpus: Corpus) -> dict[str, list[str]]:
    """The corpus's everyday examples of each level statement (project guidance), by competency id: what a
    person describing their work in their own words is compared with, beside the statements themselves."""
    out: dict[str, list[str]] = {}
    for block in corpus.practice:
        for ex in block.examples:
            out.setdefault(ex.statement.rsplit(".L", 1)[0], []).append(ex.text)
    return out


def published_statement_ids(catalog: Sequence[Competency]) -> set[str]:
    return {s.id for c in catalog for s in c.statements if s.complete}


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` compared one by one (one-word pieces join no comparison of their own)."""
    parts = sentences_of(text or "")
    return [p for p in parts if len(p.split()) >= 2] or ([text.strip()] if text and text.strip() else [])


def _name_forms(word: str) -> set[str]:
    forms = {word, word.rstrip("s")}
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    return forms


def _name_position(comp: Competency, lowered: str) -> int | None:
    """Where the text names the competency (its full name, or a distinctive word of a category name)."""
    names = {comp.name.lower()} - _GENERIC_NAME_WORDS
    if comp.kind == "category":
        for w in re.split(r"[,\s]+", comp.name.lower()):
            if len(w) > 4 and w not in _GENERIC_NAME_WORDS:
                names |= _name_forms(w)
    found = [m.start() for n in names if (m := re.search(rf"\b{re.escape(n)}\b", lowered))]
    return min(found) if found else None


class CompetencyMatcher:
    """Embedding retrieval of competencies for a person's free text."""

    def __init__(
        self,
        catalog: Sequence[Competency],
        embedder: Embedder,
        vocabulary: Mapping[str, Sequence[str]] | None = None,
        anchors: Sequence[str] = (),
        practice: Mapping[str, Sequence[str]] | None = None,
        examples: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """``vocabulary``: words and phrases that name an area; ``practice``: the corpus's everyday examples
        of its level statements; ``examples``: what people say about it (``prompts/coaching/areas.yaml``).
        All are prototypes of their area beside its description and statements."""
        if not catalog:
            raise ValueError("the competency catalog is empty: is the framework corpus loaded?")
        self.catalog = list(catalog)
        self.embedder = embedder
        self._by_id = {c.id: c for c in self.catalog}
        vocabulary = vocabulary or {}
        examples = examples or {}
        unknown = sorted((set(vocabulary) | set(examples)) - set(self._by_id))
        if unknown:
            raise ValueError(f"vocabulary or area examples name competencies the catalog lacks: {unknown}")
        self._words = {
            cid: re.compile(r"\b(" + "|".join(re.escape(w.lower()) for w in words) + r")\b")
            for cid, words in vocabulary.items() if words
        }
        owner: list[int] = []
        texts: list[str] = []
        for i, comp in enumerate(self.catalog):
            own = [f"{comp.name}: {comp.description}" if comp.description else comp.name]
            own += [s.text for s in comp.statements]
            own += list(vocabulary.get(comp.id, ()))
            own += list((practice or {}).get(comp.id, ()))
            own += list(examples.get(comp.id, ()))
            texts += own
            owner += [i] * len(own)
        self._vectors = cached_embed(embedder, texts)
        self._owner_arr = np.asarray(owner)
        self._anchors = cached_embed(embedder, list(anchors)) if anchors else None

    def get(self, cid: str) -> Competency | None:
        return self._by_id.get(cid)

    @property
    def suggestable(self) -> list[Competency]:
        """Competencies offered without being asked for: complete categories, and domains without any."""
        with_categories = {c.domain for c in self.catalog if c.kind == "category"}
        return [
            c for c in self.catalog
            if c.complete and (c.kind == "category" or c.domain not in with_categories)
        ]

    def scores(self, texts: Sequence[str]) -> dict[str, tuple[float, str]]:
        """Best cosine per competency over the sentences of ``texts``, with the sentence that won."""
        sentences = [s for t in texts for s in split_sentences(t)]
        if not sentences:
            return {}
        q = cached_embed(self.embedder, sentences)
        sims = q @ self._vectors.T  # (n_sentences, n_texts)
        out: dict[str, tuple[float, str]] = {}
        for i, comp in enumerate(self.catalog):
            cols = sims[:, self._owner_arr == i]
            flat = int(np.argmax(cols))
            row = flat // cols.shape[1]
            score, sentence = float(cols.flat[flat]), sentences[row]
            words = self._words.get(comp.id)
            if words is not None and score < LEXICAL_SCORE:
                hit = next((s for s in sentences if words.search(s.lower())), None)
                if hit is not None:
                    score, sentence = LEXICAL_SCORE, hit
            out[comp.id] = (score, sentence)
        return out

    def topicality(self, text: str) -> float:
        """How close the text is to work and the framework: best cosine over competencies and anchors."""
        scores = self.scores([text])
        best = max((s for s, _ in scores.values()), default=0.0)
        if self._anchors is not None:
            sentences = split_sentences(text)
            if sentences:
                best = max(best, float((cached_embed(self.embedder, sentences) @ self._anchors.T).max()))
        return best

    def touched(self, texts: Sequence[str], k: int = 3, threshold: float = TOUCH_THRESHOLD) -> list[Touch]:
        """Top ``k`` suggestable competencies the texts touch, best first, above ``threshold``."""
        scores = self.scores(texts)
        ranked = sorted(
            (Touch(c.id, *scores[c.id]) for c in self.suggestable if c.id in scores),
            key=lambda t: -t.score,
        )
        return [t for t in ranked if t.score >= threshold][:k]

    def named(self, text: str) -> list[str]:
        """Competency ids the text names outright (explicit ids, names, the vocabulary's words), by position."""
        lowered = text.lower()
        hits: dict[str, int] = {}  # competency id -> position of its first mention
        for m in _ID.finditer(text):
            hits.setdefault(f"{m.group(1)}.{m.group(2)}", m.start())
        for m in _DOMAIN_ID.finditer(text):
            hits.setdefault(m.group(1).upper(), m.start())
        hits = {cid: pos for cid, pos in hits.items() if cid in self._by_id}
        for comp in self.catalog:
            pos = _name_position(comp, lowered)
            if pos is not None and comp.id not in hits:
                hits[comp.id] = pos
        for cid, words in self._words.items():
            hit = words.search(lowered)
            if hit and cid not in hits:
                hits[cid] = hit.start()
        return sorted(hits, key=lambda cid: hits[cid])

    def resolve(self, text: str, threshold: float = PICK_THRESHOLD, limit: int = 3) -> list[str]:
        """Competency ids a person names: the areas named outright, then, for each sentence that names none,
        its clear semantic winner (the surest first). "Better with people, and less afraid of the numbers"
        in two sentences names two areas; one sentence counts for one area at most."""
        found = self.named(text)
        winners: list[tuple[float, str]] = []
        for sentence in split_sentences(text):
            if found and self.named(sentence):
                continue
            ranked = sorted(((s, cid) for cid, (s, _) in self.scores([sentence]).items()
                             if self._by_id[cid] in self.suggestable), reverse=True)
            if ranked and ranked[0][0] >= threshold:
                winners.append(ranked[0])
        for _, cid in sorted(winners, reverse=True):
            if cid not in found:
                found.append(cid)
        return found[:limit]

    def goal_target(self, goal: str, comp: Competency, threshold: float = TOUCH_THRESHOLD,
                    scope: int | None = None) -> int | None:
        """Level the goal needs in ``comp``, or None when the goal does not touch it.

        ``scope`` is the level the goal's reach points to, when it reaches beyond the person's own work (the
        levels_pattern of the framework facts: L2 their institution, L3 the field; the coaching senses read
        it); without it the most similar published level statement decides.
        """
        if not goal.strip():
            return None
        scores = self.scores([goal])
        if scores.get(comp.id, (0.0, ""))[0] < threshold:
            return None
        if scope is not None:
            return scope
        sentences = split_sentences(goal)
        vecs = cached_embed(self.embedder, sentences)
        stm = [s for s in comp.statements if s.complete]
        if not stm:
            return None
        svecs = cached_embed(self.embedder, [s.text for s in stm])
        best = int(np.argmax((vecs @ svecs.T).max(axis=0)))
        return stm[best].level
