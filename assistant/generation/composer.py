"""The grounded composer: writes a readable answer from retrieved items without an LLM.

Every sentence it writes comes from a retrieved chunk or from the framework record behind it, and
ends with the id it came from in brackets (``[A.4.L2]``), so each claim can be checked against its
source. It never cites an id that retrieval did not return.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.framework.models import Category, Framework, LevelStatement
from assistant.generation.base import USE_CASE_INTENTS, Answer, Citation, GenerationRequest, group_guidance
from assistant.indexing.chunks import Chunk
from assistant.indexing.lexical import tokenize
from assistant.retrieval.hybrid import Hit

PROMPT_ID = "composer"
PROMPT_VERSION = "2"  # 2: placement leads with the matching level; greeting; discriminatory decline
# a placement names a second level when its score is at least this share of the first one's
BETWEEN_RATIO = 0.9
ASTC_URL = "https://www.astc.org/isl-framework/explore/"

CAPABILITIES = (
    "explain the framework's four domains, its categories and what each level means "
    "(for example \"What is Level 2 in Finances?\")",
    "read a job posting you send and say which competencies and levels it asks for",
    "coach you through a short reflection, a self-assessment and a learning plan (say \"help me reflect\")",
    "point you to organizations, programs and events that help you grow",
)


def capabilities_text() -> str:
    return "\n".join(f"- {c}" for c in CAPABILITIES)


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z(])", text.strip())
    return [p.strip() for p in parts if p.strip()]


def key_sentences(text: str, question: str, n: int = 3) -> str:
    """The ``n`` sentences of a passage that share most words with the question, in passage order.

    Lexical, not embedded, so answering costs no extra model call; the first sentence gets a small
    prior because passages are written to lead with their point.
    """
    sents = _sentences(text)
    if len(sents) <= n:
        return " ".join(sents)
    q = set(tokenize(question))
    scored = []
    for i, s in enumerate(sents):
        words = set(tokenize(s))
        overlap = len(q & words) / (len(q) or 1)
        scored.append((overlap + (0.15 if i == 0 else 0.0) - 0.01 * i, i))
    keep = sorted(i for _, i in sorted(scored, reverse=True)[:n])
    return " ".join(sents[i] for i in keep)


def _cite(text: str, chunk_id: str) -> str:
    text = text.strip()
    if not text.endswith((".", "!", "?", ")")):
        text += "."
    return f"{text} [{chunk_id}]"


class GroundedComposer:
    """Default generator: retrieval plus templated, cited prose. Offline and deterministic."""

    name = "composer"
    model: str | None = None
    can_stream = True
    needs_network = False

    def __init__(self, framework: Framework, *, max_related: int = 3) -> None:
        self.framework = framework
        self.max_related = max_related

    # ---- public API -------------------------------------------------------------------------
    def generate(self, request: GenerationRequest) -> Answer:
        d = request.decision
        if d.kind == "empty":
            return self._refusal("Please type a question about the ISL Professional Competency Framework.", d.kind)
        if d.kind == "injection":
            return self._refusal(
                "I can't change how I work, share my instructions, or show anyone else's conversations. "
                "I'm glad to help with the ISL Professional Competency Framework instead. I can:\n"
                + capabilities_text(),
                d.kind,
            )
        if d.kind == "greeting":
            return self._canned(
                "Hello! I'm the ISL Competency Assistant, here for questions about the Informal STEM Learning "
                "Professional Competency Framework and growing in your work. I can:\n" + capabilities_text(),
                d.kind, refused=False,
            )
        if d.kind == "discriminatory":
            return self._refusal(
                "I can't help with treating candidates or staff differently because of age, sex, pregnancy, "
                "disability, race, ethnicity, national origin, accent, religion, family status or any similar "
                "trait: that is unfair, and in most places unlawful. What I can do is help you choose the "
                "competencies and levels the work really needs and word them so the same criteria apply to "
                "everyone, for a posting, a screening rubric or interview questions. Tell me about the role, "
                "or ask for example \"Which competencies does a volunteer manager need?\"",
                d.kind,
            )
        if d.kind == "offtopic":
            return self._refusal(
                "That's outside what I can help with: I only answer questions about the Informal STEM Learning "
                "(ISL) Professional Competency Framework and professional growth in science centers, museums, "
                "zoos, aquariums, nature centers, gardens and planetariums. I can:\n" + capabilities_text(),
                d.kind,
            )
        blocks: list[str] = []
        used: list[Chunk] = []
        if d.unpublished_ids:
            blocks.append(self._unpublished_block(d.unpublished_ids, request.hits, used))
        if d.kind == "answer":
            blocks.extend(self._answer_blocks(request.hits, used, request.question, request.intent,
                                              request.user_group))
        elif d.kind == "unpublished":
            # still say what the corpus does hold about the domain or category asked about
            known = [h for h in request.hits if h.chunk.kind in {"domain", "category"}]
            if known:
                blocks.append("What I can tell you: " + self._primary(known[0].chunk, request.hits, used))
        text = "\n\n".join(b for b in blocks if b)
        return Answer(
            text=text,
            citations=tuple(Citation(c.id, c.title, c.kind) for c in _unique(used)),
            refused=False,
            generator=self.name,
            prompt_id=PROMPT_ID,
            prompt_version=PROMPT_VERSION,
            flags=frozenset({"unpublished"} if d.unpublished_ids else set()),
        )

    def stream(self, request: GenerationRequest) -> Iterator[str | Answer]:
        answer = self.generate(request)
        # sentence by sentence, keeping paragraph breaks, so a client can render as it arrives
        for para_i, para in enumerate(answer.text.split("\n\n")):
            if para_i:
                yield "\n\n"
            lines = para.split("\n")
            for line_i, line in enumerate(lines):
                if line_i:
                    yield "\n"
                pieces = re.split(r"(?<=\])\s+", line)
                for j, piece in enumerate(pieces):
                    yield piece if j == 0 else " " + piece
        yield answer

    # ---- pieces -----------------------------------------------------------------------------
    def _refusal(self, text: str, kind: str) -> Answer:
        return self._canned(text, kind, refused=True)

    def _canned(self, text: str, kind: str, *, refused: bool) -> Answer:
        """A fixed reply without citations (a decline, a greeting), flagged with its kind."""
        return Answer(
            text=text,
            citations=(),
            refused=refused,
            generator=self.name,
            prompt_id=PROMPT_ID,
            prompt_version=PROMPT_VERSION,
            flags=frozenset({kind}),
        )

    def _unpublished_block(self, ids: tuple[str, ...], hits: tuple[Hit, ...], used: list[Chunk]) -> str:
        names = ", ".join(ids[:8]) + ("..." if len(ids) > 8 else "")
        text = (
            f"The corpus I answer from does not contain {names}: that part of the framework is not published in "
            f"the sources this assistant was built from, so I won't guess at it. ASTC's framework pages "
            f"({ASTC_URL}) are the place to check."
        )
        note = next((h.chunk for h in hits if h.id == "fw:unpublished"), None)
        if note is not None:
            used.append(note)
            text += " " + _cite(_sentences(note.text)[1], note.id)
        return text

    def _answer_blocks(self, hits: tuple[Hit, ...], used: list[Chunk], question: str = "",
                       intent: str | None = None, user_group: str | None = None) -> list[str]:
        if not hits:
            return []
        top = hits[0]
        domains = [h.chunk for h in hits if h.chunk.kind == "domain"]
        if len(domains) >= 3 and intent != "placement":
            return [self._overview(domains, used)]
        if intent == "placement":  # the answer is a level: the best-ranked statement, a category's first
            top = next((h for h in hits if h.chunk.kind == "level"), None) or next(
                (h for h in hits if h.chunk.kind == "domain_level"), top)
        blocks = [self._primary(top.chunk, hits, used, question, placing=intent == "placement")]
        guide = group_guidance(hits, user_group) if intent in USE_CASE_INTENTS else None
        if guide is not None and guide.id != top.id:  # a use case: then the guidance for that user group
            blocks.append(self._primary(guide.chunk, hits, used, question))
        # what the primary block already states (its comparison list included) is not "related"
        covered = {top.id} | _covered_by(top.chunk) | {c.id for c in used}
        related: list[str] = []
        floor = max(top.dense * 0.8, 0.2)
        for h in hits:
            if len(related) >= self.max_related:
                break
            if h.id in covered or h.dense < floor:
                continue
            # an answer about one category's level is not helped by another category's level statement
            if top.chunk.kind in {"level", "category"} and h.chunk.kind == "level" and h.chunk.category != top.chunk.category:
                continue
            line = self._related_line(h.chunk)
            if line:
                related.append(line)
                used.append(h.chunk)
                covered |= {h.id} | _covered_by(h.chunk)
        if related:
            blocks.append("Related:\n" + "\n".join(f"- {r}" for r in related))
        return blocks

    def _primary(self, c: Chunk, hits: tuple[Hit, ...], used: list[Chunk], question: str = "",
                 placing: bool = False) -> str:
        """The answer's main block. ``placing``: the person described their work and asked where it sits,
        so the block leads with the level it matches and, when the next-best level of the same category
        is nearly as close, says so and what would decide between them."""
        used.append(c)
        fw = self.framework
        if c.kind == "level" and c.category:
            cat = fw.category(c.category)
            dom = fw.domain(c.domain or "")
            stmt = cat.level(c.level or 0) if cat else None
            if cat and dom and stmt:
                head = f"**{cat.name} ({cat.id}), Level {stmt.level}**, in the {dom.name} domain (scope: {stmt.scope})."
                if placing:
                    head = "From what you describe, that sounds closest to " + head
                    head += self._between(c, stmt, cat, hits)
                body = _cite(f"At this level a professional {_lower_first(stmt.statement)}", c.id)
                if not stmt.complete:
                    body += " Only the opening of this statement is published in the sources I draw on."
                others = [h.chunk for h in hits if h.chunk.kind == "level" and h.chunk.category == cat.id and h.id != c.id]
                compare = []
                for o in sorted(others, key=lambda x: x.level or 0):
                    s = cat.level(o.level or 0)
                    if s:
                        used.append(o)
                        compare.append(f"- Level {s.level}: " + _cite(s.statement, o.id))
                if cat.missing_levels:
                    compare.append(f"- Level {' and '.join(map(str, cat.missing_levels))}: not in the sources I draw on.")
                tail = f"\n\nThe other levels of {cat.name}, for comparison:\n" + "\n".join(compare) if compare else ""
                return f"{head}\n\n{body}{tail}"
        if c.kind == "category" and c.category:
            cat = fw.category(c.category)
            dom = fw.domain(c.domain or "")
            if cat and dom:
                head = f"**{cat.name} ({cat.id})** is a category of the {dom.name} domain ({dom.id})."
                desc = (
                    _cite(cat.description.strip(), c.id)
                    if cat.description
                    else "Its description is not in the sources I draw on, but its level statements are."
                )
                levels = "\n".join(
                    "- " + _cite(f"Level {s.level} ({s.scope}): {s.statement}", _statement(c, s.level, hits, used))
                    for s in cat.levels
                )
                if cat.missing_levels:
                    levels += "\n- Level " + " and ".join(str(n) for n in cat.missing_levels) + ": not in my sources."
                return f"{head} {desc}\n\n{levels}"
        if c.kind == "domain" and c.domain:
            dom = fw.domain(c.domain)
            if dom:
                levels = "\n".join("- " + _cite(f"Level {s.level}: {s.statement}", _statement(c, s.level, hits, used))
                                   for s in dom.levels)
                cats = ", ".join(f"{x.name} ({x.id})" for x in dom.categories)
                tail = (
                    _cite(f"Categories in my sources: {cats}.", c.id)
                    if cats
                    else "The names of its categories are not in the sources I draw on."
                )
                if dom.unpublished_categories and cats:
                    tail += f" The rest ({', '.join(dom.unpublished_categories)}) are not in my sources."
                return f"**{dom.name} (domain {dom.id})**: " + _cite(dom.description.strip(), c.id) + f"\n\n{levels}\n\n{tail}"
        if c.kind == "domain_level" and c.domain:
            dom = fw.domain(c.domain)
            s = dom.level(c.level or 0) if dom else None
            if dom and s:
                return f"**{dom.name} ({dom.id}), Level {s.level}**: " + _cite(s.statement, c.id)
        if c.kind == "guidance":
            return (f"From this project's guidance (not framework text), *{c.title}*: "
                    + _cite(key_sentences(c.text, question, 3), c.id))
        if c.kind == "resource":
            flag = " (its facts are not confirmed in our sources)" if not c.meta.get("confirmed", True) else ""
            url = f" More: {c.meta['url']}" if c.meta.get("url") else ""
            return f"**{c.title}**{flag}: " + _cite(key_sentences(c.text, question, 3), c.id) + url
        return f"**{c.title}**: " + _cite(key_sentences(c.text, question, 4), c.id)

    def _between(self, c: Chunk, stmt: LevelStatement, cat: Category, hits: tuple[Hit, ...]) -> str:
        """For a placement: the other level of the same category that scored almost as well, if any."""
        top = next((h for h in hits if h.id == c.id), None)
        rival = next((h for h in hits if h.chunk.kind == "level" and h.chunk.category == cat.id and h.id != c.id), None)
        if top is None or rival is None or rival.score < BETWEEN_RATIO * top.score:
            return ""
        other = cat.level(rival.chunk.level or 0)
        if other is None:
            return ""
        return (f" It could also be read as Level {other.level}: what decides it is the scope of the work, "
                f"{stmt.scope} (Level {stmt.level}) or {other.scope} (Level {other.level}).")

    def _overview(self, retrieved: list[Chunk], used: list[Chunk]) -> str:
        """All four domains at a glance (asked for as 'the domains'); cites each retrieved domain."""
        by_id = {c.id: c for c in retrieved}
        lines = ["The framework has four domains, each with categories described at three levels:"]
        for d in self.framework.domains:
            first = _sentences(d.description)[0]
            chunk = by_id.get(d.id)
            if chunk is not None:
                used.append(chunk)
                first = _cite(first, d.id)
            lines.append(f"- **{d.name} ({d.id})**: {first}")
        return "\n".join(lines)

    def _related_line(self, c: Chunk) -> str:
        first = _sentences(c.text)[0] if c.text else ""
        if c.kind == "guidance":
            return f"{c.meta.get('section') or c.title} (project guidance): " + _cite(first, c.id)
        if c.kind == "resource":
            flag = " (facts not confirmed)" if not c.meta.get("confirmed", True) else ""
            return f"{c.title}{flag}: " + _cite(first, c.id)
        if c.kind in {"level", "domain_level"}:
            return f"{c.title}: " + _cite(c.text.split(" Scope:")[0], c.id)
        return f"{c.title}: " + _cite(first, c.id)


def _statement(c: Chunk, level: int, hits: tuple[Hit, ...], used: list[Chunk]) -> str:
    """The id to cite a level statement of category or domain ``c`` by: the statement's own chunk when it was
    retrieved (``A.4.L2``, never ``A.4`` for a level statement), taken into ``used``; else ``c``'s id."""
    want = f"{c.id}.L{level}"
    hit = next((h for h in hits if h.id == want), None)
    if hit is None:
        return c.id
    used.append(hit.chunk)
    return want


def _covered_by(c: Chunk) -> set[str]:
    """Ids whose content a chunk already states (a category chunk states its level statements;
    an answer about one level already names its category)."""
    if c.kind == "level" and c.category:
        return {c.category}
    if c.kind == "category" and c.category:
        return {f"{c.category}.L{n}" for n in (1, 2, 3)}
    if c.kind == "domain" and c.domain:
        return {f"{c.domain}.L{n}" for n in (1, 2, 3)}
    return set()


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s and not s[:2].isupper() else s


def _unique(chunks: list[Chunk]) -> list[Chunk]:
    seen: set[str] = set()
    out = []
    for c in chunks:
        if c.id not in seen:
            seen.add(c.id)
            out.append(c)
    return out
