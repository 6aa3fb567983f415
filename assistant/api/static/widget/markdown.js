/**
 * Markdown, a safe subset, built as nodes: paragraphs, lists, headings (as bold paragraphs), `code`,
 * **bold**, *italic*, [text](http-url), bare http(s) URLs and [framework id] citation chips.
 * Nothing is ever parsed as HTML; only http(s) URLs become <a href>.
 */
import { h, httpUrl, vh } from "./dom.js";

// The framework's citable ids, as the server writes them: A.4, A.4.L2, doc:reading-levels#5 ...
const CITE_ID = "[A-D](?:\\.[1-4])?(?:\\.L[1-3])?|(?:fw|def|use|res|doc):[\\w#.-]+";

// Groups: 1 code | 2 bold | 3,4 [text](url) | 5 [citation id] | 6 bare URL | 7,8 *italic*
const INLINE = new RegExp(
  "`([^`\\n]+)`" +
    "|\\*\\*(?=\\S)([^\\n]*?\\S)\\*\\*" +
    "|\\[([^\\]\\n]+)\\]\\(([^()\\s]+)\\)" +
    "|\\[(" + CITE_ID + ")\\]" +
    "|(https?:\\/\\/[^\\s<>()[\\]]*[^\\s<>()[\\].,;:!?'\"])" +
    "|(^|[\\s(])\\*(?=[^\\s*])([^*\\n]*?[^\\s*])\\*(?![*\\w])",
  "g"
);

/**
 * `ctx.cards` maps citation ids to their source cards (see citations.js): a chip whose id has a card
 * becomes a link that opens it; without a ctx (while streaming) chips are plain text.
 */
function renderInline(text, ctx) {
  const frag = document.createDocumentFragment();
  const re = new RegExp(INLINE.source, "g"); // a fresh one: this function recurses
  let last = 0;
  let m;
  while ((m = re.exec(text)) !== null) {
    let start = m.index;
    if (m[8] !== undefined) {
      start += m[7].length; // the space or "(" before *italic* stays text
    }
    if (start > last) frag.append(text.slice(last, start));
    if (m[1] !== undefined) {
      frag.append(h("code", null, m[1]));
    } else if (m[2] !== undefined) {
      frag.append(h("strong", null, renderInline(m[2], ctx)));
    } else if (m[3] !== undefined) {
      const url = httpUrl(m[4]);
      frag.append(url && /^https?:/i.test(m[4]) ? extLink(url.href, m[3]) : m[3]);
    } else if (m[5] !== undefined) {
      frag.append(citeChip(m[5], ctx));
    } else if (m[6] !== undefined) {
      const bare = httpUrl(m[6]);
      frag.append(bare ? extLink(bare.href, m[6]) : m[6]);
    } else if (m[8] !== undefined) {
      frag.append(h("em", null, renderInline(m[8], ctx)));
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) frag.append(text.slice(last));
  return frag;
}

function extLink(href, label) {
  return h("a", { href: href, target: "_blank", rel: "noopener noreferrer nofollow" }, label,
    vh(" (opens in a new tab)"));
}

function citeChip(id, ctx) {
  const card = ctx && ctx.cards ? ctx.cards[id] : null;
  if (!card) return h("span", { class: "cite" }, id);
  return h("a", {
    class: "cite",
    href: "#" + card.id,
    title: card.citation.title,
    "aria-label": "Source " + id + ": " + card.citation.title,
    onclick: function (ev) {
      ev.preventDefault();
      card.open = true;
      card.querySelector("summary").focus({ preventScroll: true });
      reveal(card);
    },
  }, id);
}

/** Scroll the conversation (only it: scrollIntoView would also scroll the panel and the page). */
function reveal(el) {
  const log = el.closest(".log");
  if (!log) return;
  const r = el.getBoundingClientRect();
  const box = log.getBoundingClientRect();
  if (r.top < box.top) log.scrollTop += r.top - box.top - 8;
  else if (r.bottom > box.bottom) log.scrollTop += Math.min(r.bottom - box.bottom + 8, r.top - box.top - 8);
}

/** A DocumentFragment for `text`; see the module comment for what is understood. */
export function renderMarkdown(text, ctx) {
  const root = document.createDocumentFragment();
  const lines = String(text == null ? "" : text).replace(/\r\n?/g, "\n").split("\n");
  let para = null;
  let list = null;
  let item = null;
  lines.forEach(function (raw) {
    const line = raw.replace(/\s+$/, "");
    let m;
    if (!line.trim()) {
      para = list = item = null;
    } else if ((m = /^\s*[-*\u2022]\s+(.*)$/.exec(line)) || (m = /^\s*(\d{1,3})[.)]\s+(.*)$/.exec(line))) {
      const ordered = m.length === 3;
      const tag = ordered ? "ol" : "ul";
      if (!list || list.tagName.toLowerCase() !== tag) {
        list = h(tag, ordered && m[1] !== "1" ? { start: m[1] } : null);
        root.append(list);
      }
      item = h("li", null, renderInline(ordered ? m[2] : m[1], ctx));
      list.append(item);
      para = null;
    } else if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
      root.append(h("p", { class: "md-h" }, h("strong", null, renderInline(m[2], ctx))));
      para = list = item = null;
    } else if (item && /^\s{2,}\S/.test(raw)) {
      item.append(" ", renderInline(line.trim(), ctx)); // an indented continuation of a list item
    } else {
      if (!para) {
        para = h("p");
        root.append(para);
      } else {
        para.append(h("br"));
      }
      para.append(renderInline(line.trim(), ctx));
      list = item = null;
    }
  });
  return root;
}
