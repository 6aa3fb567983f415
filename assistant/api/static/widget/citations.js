/** A finished reply: its Markdown with citation chips, each linked to a source card below it. */
import { h } from "./dom.js";
import { renderMarkdown } from "./markdown.js";

const KIND_LABELS = {
  domain: "Framework domain",
  category: "Competency category",
  level: "Level statement",
  note: "Framework note",
  definition: "Framework definition",
  use: "Framework use",
  guidance: "Project guidance (not framework text)",
  resource: "Resource",
  pathway: "Pathway",
};

let uid = 0; // element ids, unique across every reply on the page

/** The server's citations as {id, title, kind} strings, without duplicates or junk. */
function cleanCitations(raw) {
  if (!Array.isArray(raw)) return [];
  const seen = {};
  return raw.filter(function (c) {
    if (!c || typeof c !== "object" || c.id == null || seen[c.id]) return false;
    seen[c.id] = true;
    return true;
  }).map(function (c) {
    return { id: String(c.id), title: String(c.title == null ? c.id : c.title), kind: String(c.kind || "") };
  });
}

function renderSources(citations, ctx) {
  const box = h("div", { class: "sources" });
  const headingId = "isl-src-h-" + ++uid;
  box.append(h("p", { class: "sources-title", id: headingId }, "Sources (" + citations.length + ")"));
  const list = h("ul", { class: "source-list", "aria-labelledby": headingId });
  citations.forEach(function (c) {
    const card = h("details", { class: "card", id: "isl-src-" + ++uid },
      h("summary", null, h("span", { class: "cite" }, c.id), " ", h("span", { class: "card-title" }, c.title)),
      h("div", { class: "card-body" },
        h("p", null, "Framework id: ", h("code", null, c.id)),
        h("p", null, "Type: " + (KIND_LABELS[c.kind] || c.kind || "source")),
        h("p", null, "Title: " + c.title)));
    card.citation = c;
    ctx.cards[c.id] = card;
    list.append(h("li", null, card));
  });
  box.append(list);
  return box;
}

/** A reply with its citation chips linked to its source cards: div.reply > (div.md, div.sources?). */
export function renderReply(text, citations) {
  const ctx = { cards: {} };
  const cites = cleanCitations(citations);
  const sources = cites.length ? renderSources(cites, ctx) : null;
  const wrap = h("div", { class: "reply" }, h("div", { class: "md" }, renderMarkdown(text, ctx)));
  if (sources) wrap.append(sources);
  return wrap;
}
