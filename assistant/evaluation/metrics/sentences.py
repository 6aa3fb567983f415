"""Split an answer into sentences, attach its citation markers, and tell claims from scaffolding.

Citations are bracketed or parenthesised groups of citable ids: ``[A.4.L2]``, ``(A.4)``,
``[A.4.L2, doc:intro#3]``, ``[B.L3][res:ngss]``. A group counts only if *every* token in it is an id, so
"(see below)" or "(e.g. A.4)" are prose, not citations. Ids are framework ids (``A``, ``A.4``,
``A.4.L2``, ``B.L3``) or prefixed ids (``doc:slug#3``, ``res:slug``, ``fw:levels-note``,
``def:learning-pathway``, ``use:supervisors``; any lowercase prefix is accepted so a new kind of
source does not silently vanish from the metrics).

A citation belongs to the sentence it follows. Writers put it either before the full stop
("... questions [A.4].") or after it ("... questions. [A.4]"); both attach to "... questions.".
A line holding nothing but citations attaches to the last sentence before it.

Each sentence gets a ``kind``: ``claim`` (prose to check), ``heading`` (Markdown headings, bold-only
lines, short unpunctuated title lines, lead-ins ending in ":"), ``boilerplate`` (a "Sources:" /
"References:" line and the list under it, "Hope this helps"-style closers) or ``short`` (fewer than
``min_words`` words). Groundedness scores only claims; citation accuracy checks support everywhere but
in boilerplate, where a citation lists a source rather than backs a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

SentenceKind = Literal["claim", "heading", "boilerplate", "short"]

_FRAMEWORK_ID = r"[A-Z](?:\.\d{1,2})?(?:\.L\d{1,2})?"
_PREFIXED_ID = r"[a-z][a-z0-9_]*:[A-Za-z0-9](?:[\w./-]*[\w-])?(?:#[\w-]+)?"
CITATION_ID = re.compile(rf"(?:{_FRAMEWORK_ID}|{_PREFIXED_ID})")
_GROUP = re.compile(r"\[([^\[\]\n]{1,300})\]|\(([^()\n]{1,300})\)")
_GROUP_SEP = re.compile(r"[,;]\s*|\s+")
_MARK = re.compile(r"\x00(\d+)\x00")
_LEADING_MARKS = re.compile(r"^(?:\s*\x00\d+\x00)+")

_LIST_MARKER = re.compile(r"^\s*(?:[-*+\u2022]|\d{1,3}[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]*_]*(?=\s)")
_STARTS_SENTENCE = re.compile(r"[\"'\u201c\u2018(\[*_#\x00]*[A-Z0-9\x00]")
_ABBREVIATION_TEXT = "e.g. i.e. cf. vs. etc. al. approx. dr. mr. mrs. ms. prof. st. no. fig. p. pp. ch. sec."
_ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())
_BOILERPLATE_HEADER = re.compile(
    r"^(?:sources?|citations?|see also|further reading)(?:\s+used)?\s*(?::|$)", re.IGNORECASE
)
_CLOSERS = re.compile(
    r"^(?:i hope (?:this|that) helps|hope (?:this|that) helps|let me know if|feel free to|"
    r"is there anything else|happy to help)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)?")
_EMPHASIS = re.compile(r"^(\*\*|__)(.+)\1$")
DEFAULT_MIN_WORDS = 3
_MAX_TITLE_WORDS = 8


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of an answer: its text without citation markers, the ids cited for it, and its kind."""

    text: str
    citations: tuple[str, ...]
    kind: SentenceKind


def citation_group_ids(group: str) -> list[str] | None:
    """The ids in a bracket's contents (``"A.4, doc:x#2"``), or ``None`` if any token is not an id."""
    tokens = [t for t in _GROUP_SEP.split(group.strip()) if t]
    if tokens and all(CITATION_ID.fullmatch(t) for t in tokens):
        return tokens
    return None


def _mark_citations(line: str, groups: list[list[str]]) -> str:
    """Replace each citation group in ``line`` by a placeholder ``\\x00n\\x00`` indexing ``groups``."""

    def replace(match: re.Match[str]) -> str:
        ids = citation_group_ids(match.group(1) or match.group(2))
        if ids is None:
            return match.group(0)
        groups.append(ids)
        return f"\x00{len(groups) - 1}\x00"

    return _GROUP.sub(replace, line)


def _split_line(line: str) -> list[str]:
    """Split one line at . ! ? followed by a space and a sentence start, sparing abbreviations."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(line):
        rest = line[match.end() :].lstrip()
        if not rest or not _STARTS_SENTENCE.match(rest):
            continue
        words = line[start : match.end()].split()
        last_word = words[-1].lstrip("\"'(\u201c\u2018[*_").rstrip("\"')\u201d\u2019]*_") if words else ""
        if last_word.lower() in _ABBREVIATIONS:
            continue
        pieces.append(line[start : match.end()])
        start = match.end()
    pieces.append(line[start:])
    return [p.strip() for p in pieces if p.strip()]


def split_sentences(text: str) -> list[str]:
    """Split plain text into sentences: every line break ends one, and so does . ! ? before a capital."""
    out: list[str] = []
    for line in text.splitlines():
        out.extend(_split_line(_LIST_MARKER.sub("", line, count=1)))
    return out


def _clean(marked: str) -> str:
    text = _MARK.sub("", marked)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"(?:[,;]\s*)+(?=[.!?]|$)", "", text.strip())
    text = re.sub(r"([.!?:])[,;]+", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _kind(text: str, line: str, is_list_item: bool, single: bool, min_words: int) -> SentenceKind:
    if line.lstrip().startswith("#") or (single and _EMPHASIS.match(line.strip())):
        return "heading"
    if text.endswith(":"):
        return "heading"
    if (
        single
        and not is_list_item
        and not text.endswith((".", "!", "?"))
        and _word_count(text) <= _MAX_TITLE_WORDS
    ):
        return "heading"
    if _CLOSERS.match(text):
        return "boilerplate"
    if _word_count(text) < min_words:
        return "short"
    return "claim"


def split_answer(text: str, *, min_words: int = DEFAULT_MIN_WORDS) -> list[AnswerSentence]:
    """Sentences of ``text`` in order, each with its citations and kind (see the module docstring)."""
    sentences: list[tuple[str, list[str], SentenceKind]] = []
    in_sources = False
    for raw_line in text.splitlines():
        if not raw_line.strip():
            in_sources = False
            continue
        groups: list[list[str]] = []
        is_list_item = bool(_LIST_MARKER.match(raw_line))
        body = _mark_citations(_LIST_MARKER.sub("", raw_line, count=1), groups)
        plain = _clean(body).strip("*_# ")
        if _BOILERPLATE_HEADER.match(plain):
            in_sources = True
        elif not is_list_item:
            in_sources = False
        pieces = _split_line(body)
        for n, piece in enumerate(pieces):
            leading = _LEADING_MARKS.match(piece)
            rest = piece[leading.end() :] if leading else piece
            # Marks that open a later piece of the line (or fill a line alone) close the previous sentence.
            if leading and sentences and (n > 0 or not _clean(rest)):
                sentences[-1][1].extend(i for m in _MARK.findall(leading.group(0)) for i in groups[int(m)])
                piece = rest
            ids = [i for m in _MARK.findall(piece) for i in groups[int(m)]]
            clean = _clean(piece)
            if not clean and not ids:
                continue
            kind: SentenceKind = (
                "boilerplate"
                if in_sources
                else _kind(clean, _clean(body), is_list_item, len(pieces) == 1, min_words)
            )
            sentences.append((clean, ids, kind))
    return [AnswerSentence(t, tuple(dict.fromkeys(ids)), k) for t, ids, k in sentences]


def extract_citations(text: str) -> list[tuple[str, list[str]]]:
    """Every sentence of ``text`` with the ids cited for it, in order; uncited sentences get ``[]``.

    >>> extract_citations("Ask open questions [A.4.L2]. Listen first. (B.L3)")
    [('Ask open questions.', ['A.4.L2']), ('Listen first.', ['B.L3'])]
    """
    return [(s.text, list(s.citations)) for s in split_answer(text)]
