// Evaluator page: page through audited turns and rate them. No build step, no dependencies.
// The API key lives only in sessionStorage (gone when the tab closes) and is sent as a header;
// every piece of server text is inserted with textContent, never as HTML.
"use strict";
(function () {
  const KEY = "isl-evaluator-key";
  const NAME = "isl-evaluator-name";
  const PAGE = 10;
  const $ = (id) => document.getElementById(id);
  let offset = 0;
  let total = 0;
  let current = null;

  function headers(json) {
    const h = { "X-API-Key": sessionStorage.getItem(KEY) || "" };
    const name = sessionStorage.getItem(NAME);
    if (name) h["X-Evaluator-Name"] = name;
    if (json) h["Content-Type"] = "application/json";
    return h;
  }

  function status(text, kind, el) {
    const node = el || $("status");
    node.textContent = text;
    node.className = kind || "";
  }

  async function call(method, path, body) {
    const resp = await fetch(path, {
      method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit", cache: "no-store",
    });
    let data = null;
    try { data = await resp.json(); } catch (e) { data = null; }
    if (!resp.ok) {
      const err = (data && data.error) || {};
      throw new Error(`${resp.status}: ${err.message || resp.statusText}`);
    }
    return data;
  }

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function short(text, n) {
    const t = String(text || "");
    return t.length > n ? t.slice(0, n - 1) + "\u2026" : t;
  }

  function query() {
    const p = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    if ($("filter-unrated").checked) p.set("unrated_by_me", "true");
    if ($("filter-refused").checked) p.set("refused", "true");
    if ($("filter-flagged").checked) p.set("flagged", "true");
    return p.toString();
  }

  async function loadPage() {
    if (!sessionStorage.getItem(KEY)) {
      status("Paste your API key above to start.");
      return;
    }
    try {
      const page = await call("GET", "/v1/audit/turns?" + query());
      total = page.total;
      const list = $("turn-list");
      list.replaceChildren();
      for (const t of page.items) {
        const li = el("li");
        li.dataset.turnId = t.turn_id;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", current === t.turn_id ? "true" : "false");
        li.tabIndex = 0;
        li.append(el("div", short(t.user_message, 120)));
        const flags = [t.mode, t.refused ? "refused" : "", t.flagged ? "flagged" : "",
          t.ratings ? `${t.ratings} rating(s), mean ${t.mean_rating}` : "unrated"].filter(Boolean);
        li.append(el("div", `${t.created_at.slice(0, 19).replace("T", " ")} \u00b7 ${flags.join(" \u00b7 ")}`, "meta"));
        li.addEventListener("click", () => openTurn(t.turn_id));
        li.addEventListener("keydown", (ev) => { if (ev.key === "Enter") openTurn(t.turn_id); });
        list.append(li);
      }
      const last = Math.min(offset + PAGE, total);
      $("page-info").textContent = total ? `${offset + 1}\u2013${last} of ${total}` : "no turns";
      $("prev").disabled = offset === 0;
      $("next").disabled = offset + PAGE >= total;
      status(total ? "" : "No turns match.");
    } catch (e) {
      status(e.message, "error");
    }
  }

  function fillRatingForm(mine) {
    for (const c of ["groundedness", "helpfulness", "tone"]) $(c).value = mine ? String(mine[c]) : "";
    $("comment").value = (mine && mine.comment) || "";
    $("corrected").value = (mine && mine.corrected_answer) || "";
  }

  async function openTurn(id) {
    try {
      const [d, me] = await Promise.all([call("GET", "/v1/audit/turns/" + encodeURIComponent(id)),
        call("GET", "/v1/audit/me")]);
      current = id;
      for (const li of $("turn-list").children) li.setAttribute("aria-selected", li.dataset.turnId === id ? "true" : "false");
      $("detail").hidden = false;
      $("d-meta").textContent = `turn ${d.turn_id} \u00b7 ${d.mode} \u00b7 decision ${d.decision} \u00b7 generator ` +
        `${d.generator}${d.model ? " (" + d.model + ")" : ""} \u00b7 prompt ${d.prompt_id || "-"} v${d.prompt_version || "-"}` +
        ` \u00b7 index ${d.index_version} \u00b7 ${Math.round(d.latency_ms)} ms` + (d.flags.length ? ` \u00b7 flags: ${d.flags.join(", ")}` : "");
      $("d-message").textContent = d.user_message;
      $("d-reply").textContent = d.reply;
      const ol = $("d-passages");
      ol.replaceChildren();
      for (const p of d.retrieved) {
        const li = el("li");
        li.append(el("strong", `[${p.id}] ${p.title || ""}`));
        li.append(el("span", ` score ${p.score} \u00b7 cosine ${p.dense}`, "meta"));
        li.append(el("div", p.text === null ? "(no longer in the current index)" : p.text, "ptext"));
        ol.append(li);
      }
      const ul = $("d-ratings");
      ul.replaceChildren();
      for (const r of d.ratings_detail) {
        ul.append(el("li", `${r.evaluator}: groundedness ${r.groundedness}, helpfulness ${r.helpfulness}, tone ${r.tone}` +
          (r.comment ? ` \u2014 ${r.comment}` : "")));
      }
      fillRatingForm(d.ratings_detail.find((r) => r.evaluator === me.evaluator));
      $("replay-out").hidden = true;
      status("", "", $("rating-status"));
    } catch (e) {
      status(e.message, "error");
    }
  }

  async function saveRating(ev) {
    ev.preventDefault();
    if (!current) return;
    const body = {
      groundedness: Number($("groundedness").value), helpfulness: Number($("helpfulness").value),
      tone: Number($("tone").value), comment: $("comment").value || null, corrected_answer: $("corrected").value || null,
    };
    try {
      await call("PUT", "/v1/audit/turns/" + encodeURIComponent(current) + "/rating", body);
      const id = current;
      await loadPage();
      await openTurn(id);
      status("Saved.", "ok", $("rating-status"));
    } catch (e) {
      status(e.message, "error", $("rating-status"));
    }
  }

  async function replay() {
    if (!current) return;
    const out = $("replay-out");
    try {
      const r = await call("POST", "/v1/audit/turns/" + encodeURIComponent(current) + "/replay");
      const lines = [
        `index ${r.stored.index_version} -> ${r.replay.index_version}`,
        `hits added: ${r.hits.added.join(", ") || "none"}; removed: ${r.hits.removed.join(", ") || "none"}; ` +
          `moved: ${r.hits.moved.map((m) => `${m.id} ${m.from}->${m.to}`).join(", ") || "none"}`,
        r.reply_changed ? r.reply_diff.join("\n") : "reply unchanged",
      ];
      out.textContent = lines.join("\n");
    } catch (e) {
      out.textContent = e.message;
    }
    out.hidden = false;
  }

  function init() {
    for (const c of ["groundedness", "helpfulness", "tone"]) {
      const sel = $(c);
      sel.append(el("option", "\u2014"));
      sel.firstChild.value = "";
      for (let v = 1; v <= 5; v++) {
        const o = el("option", String(v));
        o.value = String(v);
        sel.append(o);
      }
    }
    $("evaluator-name").value = sessionStorage.getItem(NAME) || "";
    $("key-form").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const key = $("api-key").value.trim();
      if (!key) { status("Paste a key first.", "error"); return; }
      sessionStorage.setItem(KEY, key);
      const name = $("evaluator-name").value.trim();
      if (name) sessionStorage.setItem(NAME, name); else sessionStorage.removeItem(NAME);
      $("api-key").value = "";
      try {
        const me = await call("GET", "/v1/audit/me");
        $("whoami").textContent = `signed in as ${me.evaluator} (${me.role})`;
        offset = 0;
        await loadPage();
      } catch (e) {
        sessionStorage.removeItem(KEY);
        $("whoami").textContent = "";
        status(e.message, "error");
      }
    });
    $("forget-key").addEventListener("click", () => {
      sessionStorage.removeItem(KEY);
      sessionStorage.removeItem(NAME);
      $("whoami").textContent = "";
      $("turn-list").replaceChildren();
      $("detail").hidden = true;
      current = null;
      status("Key forgotten.");
    });
    $("prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); loadPage(); });
    $("next").addEventListener("click", () => { offset += PAGE; loadPage(); });
    for (const f of ["filter-unrated", "filter-refused", "filter-flagged"]) {
      $(f).addEventListener("change", () => { offset = 0; loadPage(); });
    }
    $("rating-form").addEventListener("submit", saveRating);
    $("replay").addEventListener("click", replay);
    if (sessionStorage.getItem(KEY)) {
      call("GET", "/v1/audit/me").then((me) => { $("whoami").textContent = `signed in as ${me.evaluator} (${me.role})`; })
        .catch(() => {});
    }
    loadPage();
  }

  document.addEventListener("DOMContentLoaded", init);
})();
