"""Posting text: HTML to plain text with an offset map, and segmentation with exact offsets.

Every span the matcher reports is an offset pair into the text the user *submitted*, so that
``submitted[start:end]`` is the evidence text. Plain text is read as is (CRLF, tabs and all), so its
offsets are the identity. HTML is reduced to text by a small tokenizer (stdlib ``re`` and ``html``) that
records, for each plain character, the ``[start, end)`` range of submitted characters it came from: an
entity such as ``&amp;`` maps to all five characters and a block tag becomes a zero-width newline. A plain
span therefore maps back as (start of its first character, end of its last character).

Segmentation splits lines, strips bullet and Markdown markers, recognises headings (which set the section
of the lines below them) and splits long lines into sentences. Offsets of segments are plain-text offsets;
:meth:`PlainText.to_source` turns them into submitted offsets.

    >>> plain = to_plain("<li>Lead tours &amp; demos</li>")
    >>> seg = segment(plain.text)[0]
    >>> s, e = plain.to_source(seg.start, seg.end)
    >>> "<li>Lead tours &amp; demos</li>"[s:e]
    'Lead tours &amp; demos'
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Literal

_HTML_HINT = re.compile(
    r"</?(?:!doctype|html|body|p|div|li|ul|ol|br|h[1-6]|span|strong|b|em|table|tr|td|section|article)\b[^>]*>",
    re.I,
)
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?\]\]>|<[!?/]?[a-zA-Z][^<>]*>"
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?",
    re.S,
)
_TAG_NAME = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)")
_SKIP_CONTENT = {"script", "style", "head", "title", "noscript", "template", "svg"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset", "figcaption",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul",
}


@dataclass(frozen=True)
class PlainText:
    """Text the matcher reads, plus the map from its offsets back to the submitted text."""

    submitted: str
    text: str
    starts: tuple[int, ...] | None = None  # None: identity (plain-text input)
    ends: tuple[int, ...] | None = None
    bullets: frozenset[int] = frozenset()  # plain offsets where an HTML list item's line starts

    @property
    def is_html(self) -> bool:
        return self.starts is not None

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a non-empty plain span ``[start, end)`` to submitted offsets."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            raise ValueError("empty span")
        return self.starts[start], self.ends[end - 1]


def looks_like_html(text: str) -> bool:
    return len(_HTML_HINT.findall(text, 0, 20_000)) >= 2


def to_plain(submitted: str) -> PlainText:
    """Plain text of a posting; HTML is detected and stripped, keeping an exact offset map."""
    if not looks_like_html(submitted):
        return PlainText(submitted, submitted)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    bullets: set[int] = set()

    def emit(chars: str, s: int, e: int) -> None:
        for ch in chars:
            out.append(ch)
            starts.append(s)
            ends.append(e)

    pos = 0
    n = len(submitted)
    while pos < n:
        m = _TOKEN.search(submitted, pos)
        stop = m.start() if m else n
        for i in range(pos, stop):  # literal text; HTML whitespace (incl. newlines) reads as spaces
            ch = submitted[i]
            emit(" " if ch in "\r\n\t\f" else ch, i, i + 1)
        if m is None:
            break
        tok = m.group()
        pos = m.end()
        if tok.startswith("&"):
            decoded = html.unescape(tok)
            if decoded == tok:
                for i in range(m.start(), m.end()):
                    emit(submitted[i], i, i + 1)
            else:
                emit(decoded.replace("\xa0", " "), m.start(), m.end())
            continue
        name_m = _TAG_NAME.match(tok)
        if name_m is None:
            continue  # comment, CDATA, doctype
        name = name_m.group(1).lower()
        closing = tok.lstrip("< \t").startswith("/")
        if not closing and name in _SKIP_CONTENT and not tok.rstrip().endswith("/>"):
            close = re.compile(rf"</\s*{name}\s*>", re.I).search(submitted, pos)
            pos = close.end() if close else n
            emit("\n", m.start(), m.start())
            continue
        if name in _BLOCK:
            emit("\n", m.start(), m.start())
            if name == "li" and not closing:
                bullets.add(len(out))
    return PlainText(submitted, "".join(out), tuple(starts), tuple(ends), frozenset(bullets))


# --------------------------------------------------------------------------- segmentation

SegmentKind = Literal["heading", "item", "sentence"]


@dataclass(frozen=True)
class Segment:
    """A heading, a bullet item or a sentence; offsets are into the plain text."""

    start: int
    end: int
    text: str  # cleaned for reading and embedding (markers removed, whitespace collapsed)
    kind: SegmentKind
    section: str  # text of the heading above it ("" before the first heading)
    bullet: bool = False

    @property
    def words(self) -> int:
        return len(self.text.split())


_LINE = re.compile(r"[^\r\n\u2028\u2029\x0b\x0c\x1c-\x1e\x85]+")
_MARKER = re.compile(
    r"(?:#{1,6}|[-*•·▪‣◦●○■□➢►▸✓✔–—+]|\(?\d{1,2}[.)]|\(?[a-z][.)])[ \t\xa0]+"
)
_EMPH = ("**", "__", "*", "_")
_FUNCTION_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "&", "|"}
_SENT_END = re.compile(r"(?<=[.!?])[\"”’)\]]?\s+(?=[\"“(\[]?[A-Z0-9])")
_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|etc|Dr|Mr|Mrs|Ms|St|No|vs|Inc|Jr|Sr|approx|incl|U\.S|Ph\.D|a\.m|p\.m)|\b[A-Z])\.$")
_WS = re.compile(r"\s+")
# common section headings, recognised even when not in title case ("What you'll do", "Primary responsibilities")
_HEADING_WORDS = re.compile(
    r"^(what|who|why|how|about|key|essential|primary|main|position|job|role|the role|your role|responsibilit"
    r"|duties|qualifications|requirements|benefits|compensation|summary|overview|description|perks|skills"
    r"|preferred|minimum|required|education|experience|application|the opportunity|our offer)\b",
    re.I,
)


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _clean(raw: str) -> str:
    return _WS.sub(" ", raw.replace("**", "").replace("__", "")).strip(" *_#")


def _is_title_case(words: list[str]) -> bool:
    content = [w for w in words if any(c.isalpha() for c in w) and w.lower() not in _FUNCTION_WORDS]
    return bool(content) and all(w.lstrip("(\"'“").strip()[:1].isupper() for w in content)


def _heading_like(clean: str, hashed: bool, bullet: bool, emphasised: bool) -> bool:
    if hashed:
        return True
    words = clean.split()
    if bullet or not words or len(words) > 12:
        return False
    if clean.endswith(":"):
        return True
    if len(words) > 8 or clean[-1] in ".!?;,":
        return False
    letters = [c for c in clean if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 2:
        return True
    if len(words) <= 6 and _HEADING_WORDS.match(clean):
        return True
    return emphasised or _is_title_case(words)


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    cur = s
    for m in _SENT_END.finditer(text, s, e):
        head = text[cur : m.start()]
        if _ABBREV.search(head) or len(head.split()) < 3:
            continue
        out.append(_strip(text, cur, m.start()))
        cur = m.end()
    out.append(_strip(text, cur, e))
    return [(a, b) for a, b in out if b > a]


def segment(text: str, bullet_lines: frozenset[int] = frozenset()) -> list[Segment]:
    """Split plain text into headings, bullet items and sentences with exact offsets.

    ``bullet_lines`` holds offsets where a line is known to be a list item (from HTML ``<li>``).
    """
    segs: list[Segment] = []
    section = ""
    for line in _LINE.finditer(text):
        s, e = _strip(text, line.start(), line.end())
        if s >= e:
            continue
        bullet = line.start() in bullet_lines
        hashed = emphasised = False
        while True:  # markers can nest: "- **1.** text"
            m = _MARKER.match(text, s, e)
            if not m:
                break
            hashed = hashed or text[s] == "#"
            bullet = bullet or text[s] != "#"
            s, e = _strip(text, m.end(), e)
        for mark in _EMPH:
            body = text[s:e]
            if len(body) > 2 * len(mark) and body.startswith(mark) and body.endswith(mark):
                if mark in body[len(mark) : -len(mark)]:
                    continue  # "**A** and **B**": not one emphasised run
                s, e = _strip(text, s + len(mark), e - len(mark))
                emphasised = True
                break
        if s >= e:
            continue
        clean = _clean(text[s:e])
        if not clean:
            continue
        if _heading_like(clean, hashed, bullet, emphasised):
            section = clean.rstrip(":").strip()
            segs.append(Segment(s, e, clean, "heading", section, bullet))
            continue
        parts = [(s, e)] if bullet and len(clean.split()) <= 40 else _sentences(text, s, e)
        for a, b in parts:
            kind: SegmentKind = "item" if bullet else "sentence"
            segs.append(Segment(a, b, _clean(text[a:b]), kind, section, bullet))
    return segs
