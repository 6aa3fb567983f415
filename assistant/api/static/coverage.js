// Coverage page: send a pasted or uploaded list to POST /v1/coverage, show the matrix as a heatmap table,
// the gaps and each item's competencies, and offer the same analysis as CSV, XLSX and PDF.
// No build step, no dependencies; every piece of server or user text is inserted with textContent.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const SUFFIX_FORMAT = { csv: "csv", md: "markdown", markdown: "markdown", txt: "text" };
  let textFormat = "auto";
  let lastBody = null;

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function status(text, isError) {
    $("status").textContent = text;
    $("status").className = isError ? "error" : "";
  }

  async function post(body, format) {
    const resp = await fetch(`/v1/coverage${format ? `?format=${format}` : ""}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      credentials: "omit", cache: "no-store",
    });
    if (!resp.ok) {
      let msg = resp.statusText;
      try {
        const err = (await resp.json()).error || {};
        msg = [err.message, err.hint].filter(Boolean).join(" ") || msg;
      } catch (e) { /* not JSON */ }
      throw new Error(`${resp.status}: ${msg}`);
    }
    return format ? resp.blob() : resp.json();
  }

  function renderMatrix(report) {
    const table = $("matrix");
    table.querySelectorAll("thead, tbody").forEach((n) => n.remove());
    const gaps = new Set(report.gaps);
    const head = el("thead");
    const hr = el("tr");
    hr.appendChild(el("th", "Item")).setAttribute("scope", "col");
    for (const col of report.columns) {
      const th = el("th", col, gaps.has(col) ? "gap" : "");
      th.setAttribute("scope", "col");
      if (gaps.has(col)) th.title = "nothing in the set serves this";
      hr.appendChild(th);
    }
    head.appendChild(hr);
    const body = el("tbody");
    for (const item of report.items) {
      const tr = el("tr");
      const th = el("th", item.title ? `${item.id} ${item.title}` : item.id);
      th.setAttribute("scope", "row");
      tr.appendChild(th);
      const row = report.matrix[item.id] || {};
      for (const col of report.columns) {
        const level = row[col];
        const td = el("td", level ? String(level) : "", level ? `l${level}` : "");
        td.setAttribute("aria-label", level ? `${col}: level ${level}` : `${col}: not served`);
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    table.appendChild(head);
    table.appendChild(body);
  }

  function renderLists(report) {
    const names = {};
    report.suggestions.forEach((s) => { names[s.gap] = s.name; });
    const gaps = $("gaps");
    gaps.replaceChildren();
    if (!report.suggestions.length) gaps.appendChild(el("li", "None: every category is served by some item."));
    for (const s of report.suggestions) {
      const li = el("li");
      li.appendChild(el("strong", `${s.gap} ${s.name}: `));
      li.appendChild(document.createTextNode(s.text));
      gaps.appendChild(li);
    }
    const heavy = $("heavy");
    heavy.replaceChildren();
    $("heavy-heading").hidden = !report.over_weighted.length;
    report.over_weighted.forEach((id) => heavy.appendChild(el("li", `${id}: served by more than half of the items`)));
    const items = $("items");
    items.replaceChildren();
    for (const item of report.items) {
      const li = el("li");
      li.appendChild(el("strong", item.title || `Item ${item.id}`));
      if (!item.competencies.length) li.appendChild(el("p", "Serves no competency of the framework."));
      const ul = el("ul");
      for (const c of item.competencies) {
        const cli = el("li", `${c.id} ${c.name}, level ${c.level}`);
        // evidence read from the item's title is said to be so: the title is all there was to go on
        const words = c.evidence.map((e) => (e.field === "title" ? `title “${e.text}”` : `“${e.text}”`)).join("; ");
        if (words) cli.appendChild(el("span", ` - ${words}`, "evidence"));
        ul.appendChild(cli);
      }
      li.appendChild(ul);
      items.appendChild(li);
    }
  }

  function render(report) {
    const served = report.columns.length - report.gaps.length;
    $("summary").textContent = `${report.items.length} items serve ${served} of ${report.columns.length} `
      + `framework categories (General Expertise, D, counted as one). ${report.gaps.length} gaps.`;
    renderMatrix(report);
    renderLists(report);
    $("results").hidden = false;
    $("results-heading").focus();
  }

  async function analyse(ev) {
    ev.preventDefault();
    const text = $("items-text").value;
    if (!text.trim()) { status("Paste a list or upload a file first.", true); $("items-text").focus(); return; }
    const body = { kind: $("kind").value, text, text_format: textFormat };
    const title = $("set-title").value.trim();
    if (title) body.title = title;
    status("Analysing…");
    $("analyse").disabled = true;
    try {
      const report = await post(body);
      lastBody = body;
      render(report);
      status(`Analysed ${report.items.length} items.`);
    } catch (e) {
      status(e.message, true);
    } finally {
      $("analyse").disabled = false;
    }
  }

  async function download(format) {
    if (!lastBody) return;
    status(`Preparing the ${format.toUpperCase()} file…`);
    try {
      const blob = await post(lastBody, format);
      const a = el("a");
      a.href = URL.createObjectURL(blob);
      a.download = `coverage-${lastBody.kind}.${format}`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
      status(`Downloaded coverage-${lastBody.kind}.${format}.`);
    } catch (e) {
      status(e.message, true);
    }
  }

  async function upload() {
    const file = $("items-file").files[0];
    if (!file) return;
    const suffix = (file.name.split(".").pop() || "").toLowerCase();
    textFormat = SUFFIX_FORMAT[suffix] || "auto";
    $("items-text").value = await file.text();
    status(`Loaded ${file.name}. Press Analyse.`);
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("coverage-form").addEventListener("submit", analyse);
    $("items-file").addEventListener("change", upload);
    $("items-text").addEventListener("input", () => { textFormat = "auto"; });
    document.querySelectorAll(".downloads button").forEach((b) => {
      b.addEventListener("click", () => download(b.dataset.format));
    });
  });
})();
