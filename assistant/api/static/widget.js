/*!
 * ISL Competency Assistant: embeddable chat widget. No framework, no build step.
 *
 *   <script src="https://assistant.example.org/widget.js" data-api="https://assistant.example.org"
 *           data-title="Ask about ISL competencies" data-position="right" defer></script>
 *
 * data-api       base URL of the assistant API (default: the origin this script was loaded from)
 * data-title     panel title (default "ISL Competency Assistant")
 * data-position  "right" (default) or "left"
 * data-mode      "launcher" (default: a button that opens a panel) or "embed" (the panel, full page;
 *                used by /embed for <iframe src=".../embed">)
 *
 * Safety: every piece of server text reaches the DOM through textContent or text nodes. The small
 * Markdown renderer below builds elements itself and only ever creates <a href> for http(s) URLs.
 * The UI lives in a shadow root so the host page's CSS neither breaks it nor is broken by it.
 */
(function () {
  "use strict";
  if (window.ISLWidget) return; // loaded twice: keep the first

  var script = document.currentScript;
  var ds = (script && script.dataset) || {};
  var scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;

  function httpUrl(value) {
    try {
      var u = new URL(value, location.href);
      return u.protocol === "http:" || u.protocol === "https:" ? u : null;
    } catch (e) {
      return null;
    }
  }

  var apiUrl = ds.api ? httpUrl(ds.api) : null;
  var API = (apiUrl ? apiUrl.href : scriptOrigin).replace(/\/+$/, "");
  var TITLE = ds.title || "ISL Competency Assistant";
  var POSITION = ds.position === "left" ? "left" : "right";
  var EMBED = ds.mode === "embed";
  var STARTERS = [
    "Which competencies fit this job posting?",
    "Help me reflect on my year",
    "What is Level 2 in Finances?",
  ];
  // The framework's citable ids, as the server writes them: A.4, A.4.L2, doc:reading-levels#5 ...
  var CITE_ID = "[A-D](?:\\.[1-4])?(?:\\.L[1-3])?|(?:fw|def|use|res|doc):[\\w#.-]+";
  var KIND_LABELS = {
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

  // ---- storage (may be blocked, e.g. third-party iframes: fall back to memory) -----------------
  var memory = {};
  var storage = {
    get: function (k) {
      try {
        return window.localStorage.getItem(k);
      } catch (e) {
        return k in memory ? memory[k] : null;
      }
    },
    set: function (k, v) {
      try {
        window.localStorage.setItem(k, v);
      } catch (e) {
        memory[k] = v;
      }
    },
    del: function (k) {
      try {
        window.localStorage.removeItem(k);
      } catch (e) {
        delete memory[k];
      }
    },
  };
  var KEY_VISITOR = "isl-widget:visitor";
  var KEY_SESSION = "isl-widget:session:" + API;
  var ID_SHAPE = /^[A-Za-z0-9_-]{8,64}$/;

  function randomId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function visitorId() {
    var id = storage.get(KEY_VISITOR);
    if (!id || !ID_SHAPE.test(id)) {
      id = randomId();
      storage.set(KEY_VISITOR, id);
    }
    return id;
  }

  function storedSession() {
    var id = storage.get(KEY_SESSION);
    return id && ID_SHAPE.test(id) ? id : null;
  }

  // ---- DOM helpers ----------------------------------------------------------------------------
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "class") el.className = v;
        else if (k === "text") el.textContent = v;
        else if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v);
        else el.setAttribute(k, v === true ? "" : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      el.append(c); // strings become text nodes
    }
    return el;
  }

  function vh(text) {
    return h("span", { class: "vh" }, text);
  }

  var SVG_NS = "http://www.w3.org/2000/svg";
  function icon(d) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", d);
    svg.append(path);
    return svg;
  }
  // Feather icons (MIT): message-circle, thumbs-up, thumbs-down.
  var ICON_CHAT = "M21 11.5a8.38 8.38 0 0 1-.9 3.8 8.5 8.5 0 0 1-7.6 4.7 8.38 8.38 0 0 1-3.8-.9L3 21l1.9-5.7a8.38 8.38 0 0 1-.9-3.8 8.5 8.5 0 0 1 4.7-7.6 8.38 8.38 0 0 1 3.8-.9h.5a8.48 8.48 0 0 1 8 8v.5z";
  var ICON_UP = "M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3";
  var ICON_DOWN = "M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 22 4v7a2.31 2.31 0 0 1-2.33 2H17";

  // ---- Markdown: a safe subset, built as nodes --------------------------------------------------
  // Groups: 1 code | 2 bold | 3,4 [text](url) | 5 [citation id] | 6 bare URL | 7,8 *italic*
  var INLINE = new RegExp(
    "`([^`\\n]+)`" +
      "|\\*\\*(?=\\S)([^\\n]*?\\S)\\*\\*" +
      "|\\[([^\\]\\n]+)\\]\\(([^()\\s]+)\\)" +
      "|\\[(" + CITE_ID + ")\\]" +
      "|(https?:\\/\\/[^\\s<>()[\\]]*[^\\s<>()[\\].,;:!?'\"])" +
      "|(^|[\\s(])\\*(?=[^\\s*])([^*\\n]*?[^\\s*])\\*(?![*\\w])",
    "g"
  );

  function renderInline(text, ctx) {
    var frag = document.createDocumentFragment();
    var re = new RegExp(INLINE.source, "g"); // a fresh one: this function recurses
    var last = 0;
    var m;
    while ((m = re.exec(text)) !== null) {
      var start = m.index;
      if (m[8] !== undefined) {
        start += m[7].length; // the space or "(" before *italic* stays text
      }
      if (start > last) frag.append(text.slice(last, start));
      if (m[1] !== undefined) {
        frag.append(h("code", null, m[1]));
      } else if (m[2] !== undefined) {
        frag.append(h("strong", null, renderInline(m[2], ctx)));
      } else if (m[3] !== undefined) {
        var url = httpUrl(m[4]);
        frag.append(url && /^https?:/i.test(m[4]) ? extLink(url.href, m[3]) : m[3]);
      } else if (m[5] !== undefined) {
        frag.append(citeChip(m[5], ctx));
      } else if (m[6] !== undefined) {
        var bare = httpUrl(m[6]);
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
    var card = ctx && ctx.cards ? ctx.cards[id] : null;
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
    var log = el.closest(".log");
    if (!log) return;
    var r = el.getBoundingClientRect();
    var box = log.getBoundingClientRect();
    if (r.top < box.top) log.scrollTop += r.top - box.top - 8;
    else if (r.bottom > box.bottom) log.scrollTop += Math.min(r.bottom - box.bottom + 8, r.top - box.top - 8);
  }

  function renderMarkdown(text, ctx) {
    var root = document.createDocumentFragment();
    var lines = String(text == null ? "" : text).replace(/\r\n?/g, "\n").split("\n");
    var para = null;
    var list = null;
    var item = null;
    lines.forEach(function (raw) {
      var line = raw.replace(/\s+$/, "");
      var m;
      if (!line.trim()) {
        para = list = item = null;
      } else if ((m = /^\s*[-*\u2022]\s+(.*)$/.exec(line)) || (m = /^\s*(\d{1,3})[.)]\s+(.*)$/.exec(line))) {
        var ordered = m.length === 3;
        var tag = ordered ? "ol" : "ul";
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

  // ---- citations and replies ------------------------------------------------------------------
  var uid = 0;

  function cleanCitations(raw) {
    if (!Array.isArray(raw)) return [];
    var seen = {};
    return raw.filter(function (c) {
      if (!c || typeof c !== "object" || c.id == null || seen[c.id]) return false;
      seen[c.id] = true;
      return true;
    }).map(function (c) {
      return { id: String(c.id), title: String(c.title == null ? c.id : c.title), kind: String(c.kind || "") };
    });
  }

  function renderSources(citations, ctx) {
    var box = h("div", { class: "sources" });
    var headingId = "isl-src-h-" + ++uid;
    box.append(h("p", { class: "sources-title", id: headingId }, "Sources (" + citations.length + ")"));
    var list = h("ul", { class: "source-list", "aria-labelledby": headingId });
    citations.forEach(function (c) {
      var card = h("details", { class: "card", id: "isl-src-" + ++uid },
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

  /** A reply with its citation chips linked to its source cards. */
  function renderReply(text, citations) {
    var ctx = { cards: {} };
    var cites = cleanCitations(citations);
    var sources = cites.length ? renderSources(cites, ctx) : null;
    var wrap = h("div", { class: "reply" }, h("div", { class: "md" }, renderMarkdown(text, ctx)));
    if (sources) wrap.append(sources);
    return wrap;
  }

  // ---- the network ----------------------------------------------------------------------------
  function headers(extra) {
    var out = { "X-Visitor-Id": visitorId() };
    Object.keys(extra || {}).forEach(function (k) { out[k] = extra[k]; });
    return out;
  }

  function request(path, init) {
    init = init || {};
    init.credentials = "omit"; // no cookies, no secrets: the visitor id is the only identity
    init.mode = "cors";
    init.headers = headers(init.headers);
    return fetch(API + path, init);
  }

  var FALLBACK_ERRORS = {
    413: "That message is too long.",
    422: "That message could not be sent.",
    429: "You're sending messages too quickly. Please wait a moment.",
  };

  function errorFrom(res) {
    return res.json().then(function (body) {
      var e = (body && body.error) || {};
      return { message: String(e.message || FALLBACK_ERRORS[res.status] || "The assistant could not answer."),
        hint: e.hint ? String(e.hint) : null, status: res.status };
    }, function () {
      return { message: FALLBACK_ERRORS[res.status] || "The assistant could not answer (HTTP " + res.status + ").",
        hint: null, status: res.status };
    });
  }

  /** Read a text/event-stream body; call onEvent(name, data) per event. EventSource cannot POST. */
  function readSSE(res, onEvent) {
    var reader = res.body.getReader();
    var decoder = new TextDecoder();
    var buf = "";
    function dispatch(block) {
      var name = "message";
      var data = [];
      block.split("\n").forEach(function (line) {
        if (!line || line.charAt(0) === ":") return;
        var i = line.indexOf(":");
        var field = i < 0 ? line : line.slice(0, i);
        var value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
        if (field === "event") name = value;
        else if (field === "data") data.push(value);
      });
      if (!data.length) return;
      var parsed;
      try {
        parsed = JSON.parse(data.join("\n"));
      } catch (e) {
        return;
      }
      onEvent(name, parsed);
    }
    function pump() {
      return reader.read().then(function (r) {
        buf += decoder.decode(r.value || new Uint8Array(0), { stream: !r.done });
        buf = buf.replace(/\r\n/g, "\n");
        var i;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          dispatch(buf.slice(0, i));
          buf = buf.slice(i + 2);
        }
        if (r.done) {
          if (buf.trim()) dispatch(buf);
          return undefined;
        }
        return pump();
      });
    }
    return pump();
  }

  // ---- styles ---------------------------------------------------------------------------------
  var CSS = [
    ":host{all:initial}",
    "*,*::before,*::after{box-sizing:border-box}",
    ".root{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:#1b1f24}",
    "[hidden]{display:none!important}",
    ".vh{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}",
    "button,textarea{font:inherit;color:inherit}",
    "button{cursor:pointer}",
    "button:disabled{cursor:not-allowed;opacity:.55}",
    // one visible focus ring everywhere: a dark ring with a white gap reads on light and dark hosts
    ":focus{outline:none}",
    ":focus-visible{outline:3px solid #1d4ed8;outline-offset:2px;box-shadow:0 0 0 2px #fff}",
    ".launcher{position:fixed;bottom:20px;z-index:2147483000;display:inline-flex;align-items:center;gap:8px;",
    "min-height:48px;padding:10px 18px;border:2px solid #fff;border-radius:999px;background:#0b5563;color:#fff;",
    "font-weight:600;box-shadow:0 4px 14px rgba(0,0,0,.25)}",
    ".launcher svg{fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}",
    ".launcher:hover{background:#083f4a}",
    ".pos-right .launcher{right:20px}.pos-left .launcher{left:20px}",
    ".panel{position:fixed;bottom:84px;z-index:2147483001;display:flex;flex-direction:column;width:400px;",
    "max-width:calc(100vw - 24px);height:min(640px,calc(100vh - 104px));background:#fff;border:1px solid #c5ccd3;",
    "border-radius:14px;box-shadow:0 10px 34px rgba(0,0,0,.28);overflow:hidden;overflow:clip}",
    ".pos-right .panel{right:20px}.pos-left .panel{left:20px}",
    ".embed .panel{position:static;width:100%;max-width:none;height:100vh;height:100dvh;border:0;border-radius:0;box-shadow:none}",
    ".head{display:flex;align-items:center;gap:8px;padding:10px 10px 10px 16px;background:#0b5563;color:#fff}",
    ".title{flex:1;margin:0;font-size:16px;font-weight:700;line-height:1.3}",
    ".close{min-width:40px;min-height:40px;border:0;border-radius:8px;background:transparent;color:#fff;font-size:24px;line-height:1}",
    ".close:hover{background:rgba(255,255,255,.15)}",
    ".head :focus-visible{outline-color:#fff;outline-offset:-4px;box-shadow:none}",
    ".toolbar{display:flex;flex-wrap:wrap;gap:4px 12px;padding:6px 12px;border-bottom:1px solid #e3e7eb;background:#f6f8fa}",
    ".textbtn{min-height:32px;padding:4px 6px;border:0;border-radius:6px;background:transparent;color:#0b5563;font-size:14px;",
    "font-weight:600;text-decoration:underline;text-underline-offset:2px}",
    ".textbtn:hover{background:#e3eef0}",
    ".textbtn.danger{color:#a3211a}",
    ".confirm{padding:12px 14px;border-bottom:1px solid #f1c4c0;background:#fdf2f1;color:#5c130f}",
    ".confirm p{margin:0 0 8px}",
    ".row{display:flex;flex-wrap:wrap;gap:8px}",
    ".btn{min-height:40px;padding:6px 14px;border:2px solid #0b5563;border-radius:8px;background:#fff;color:#0b5563;font-weight:600}",
    ".btn.primary{background:#0b5563;color:#fff}",
    ".btn.danger{border-color:#a3211a;background:#a3211a;color:#fff}",
    ".log{flex:1;overflow-y:auto;padding:14px 12px;overscroll-behavior:contain}",
    ".intro p{margin:0 0 10px}",
    ".starters{display:flex;flex-direction:column;gap:8px;margin:0;padding:0;list-style:none}",
    ".starter{width:100%;min-height:44px;padding:8px 12px;border:1.5px solid #0b5563;border-radius:10px;background:#fff;",
    "color:#0b4652;text-align:left;font-weight:600}",
    ".starter:hover{background:#e3eef0}",
    ".notice{margin:0 0 12px;padding:8px 10px;border-radius:8px;background:#eef6ee;color:#1d4620}",
    ".msg{margin:0 0 14px;display:flex;flex-direction:column}",
    ".msg.user{align-items:flex-end}",
    ".bubble{max-width:92%;padding:9px 12px;border-radius:12px;overflow-wrap:anywhere}",
    ".user .bubble{background:#0b5563;color:#fff;white-space:pre-wrap;border-bottom-right-radius:4px}",
    ".bot .bubble{width:100%;max-width:100%;background:#f3f5f7;border:1px solid #e1e5e9;border-bottom-left-radius:4px}",
    ".bot.refused .bubble{background:#fffaf0;border-color:#ecd9b0}",
    ".bot.error .bubble{background:#fdf2f1;border-color:#f1c4c0;color:#5c130f}",
    ".md p{margin:0 0 8px}.md p:last-child{margin-bottom:0}",
    ".md ul,.md ol{margin:0 0 8px;padding-left:20px}.md li{margin:2px 0}",
    ".md code,.card code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#e8ecef;padding:0 3px;border-radius:4px}",
    ".md a{color:#0b4fb3}",
    ".typing{color:#4b5563;font-style:italic}",
    ".cite{display:inline-block;margin:0 1px;padding:0 6px;border-radius:999px;background:#dcefee;color:#0b4652;",
    "font-size:12.5px;font-weight:600;line-height:1.6;text-decoration:none;vertical-align:baseline;max-width:100%;overflow-wrap:anywhere}",
    "a.cite:hover{background:#c3e3e1;text-decoration:underline}",
    ".sources{margin-top:8px}",
    ".sources-title{margin:0 0 4px;font-size:13px;font-weight:700;color:#374151}",
    ".source-list{margin:0;padding:0;list-style:none;display:flex;flex-direction:column;gap:4px}",
    ".card{border:1px solid #d5dbe0;border-radius:8px;background:#fff;overflow-wrap:anywhere}",
    ".card summary{padding:6px 8px;cursor:pointer;font-size:13.5px;border-radius:8px}",
    ".card[open] summary{border-bottom:1px solid #e3e7eb;border-radius:8px 8px 0 0}",
    ".card-title{color:#1b1f24}",
    ".card-body{padding:6px 10px;font-size:13.5px;color:#374151}.card-body p{margin:0 0 4px}",
    ".feedback{display:flex;align-items:center;gap:6px;margin-top:6px}",
    ".fb{display:inline-flex;align-items:center;justify-content:center;min-width:36px;min-height:36px;border:1.5px solid #9aa5b1;",
    "border-radius:8px;background:#fff;color:#374151}",
    ".fb svg{fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}",
    ".fb[aria-pressed=true]{border-color:#0b5563;background:#0b5563;color:#fff}",
    ".fb-note{font-size:13px;color:#4b5563}",
    ".composer{display:flex;align-items:flex-end;gap:8px;padding:10px 12px;border-top:1px solid #e3e7eb;background:#fff}",
    ".input{flex:1;min-width:0;min-height:44px;max-height:140px;padding:10px 12px;border:1.5px solid #6b7280;border-radius:10px;",
    "font-size:16px;line-height:1.35;resize:none;background:#fff}",
    ".send{min-height:44px;padding:0 16px;border:0;border-radius:10px;background:#0b5563;color:#fff;font-weight:700}",
    ".send:hover{background:#083f4a}",
    ".foot{margin:0;padding:0 12px 8px;font-size:12px;color:#4b5563;background:#fff}",
    "@media (max-width:520px){.panel{inset:0;width:100%;max-width:none;height:100%;border:0;border-radius:0}",
    // on a phone every line counts: no keyboard hint, a tighter toolbar
    ".foot{display:none}.toolbar{gap:0 12px;padding:2px 10px}.head{padding:6px 6px 6px 14px}",
    ".pos-right .panel,.pos-left .panel{right:0;left:0;bottom:0}.launcher{bottom:12px}.pos-right .launcher{right:12px}.pos-left .launcher{left:12px}}",
    "@media (forced-colors:active){.cite,.fb,.bubble,.card{border:1px solid CanvasText}}",
  ].join("\n");

  // ---- the widget -----------------------------------------------------------------------------
  function mount() {
    var host = h("div", { id: "isl-widget", "data-isl-widget": "" });
    if (EMBED) host.style.display = "block";
    var shadow = host.attachShadow({ mode: "open" });
    var style = document.createElement("style");
    style.textContent = CSS;
    shadow.append(style);

    var state = { session: storedSession(), busy: false, historyLoaded: false, confirmFrom: null };

    var root = h("div", { class: "root pos-" + POSITION + (EMBED ? " embed" : "") });
    var status = h("div", { class: "vh", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    var launcher = EMBED ? null : h("button", {
      class: "launcher", type: "button", "aria-expanded": "false", "aria-controls": "isl-panel",
      "aria-haspopup": "dialog", onclick: function () { (panel.hidden ? open : close)(); },
    }, icon(ICON_CHAT), "Ask the ISL assistant");

    var titleEl = h(EMBED ? "h1" : "h2", { class: "title", id: "isl-title" }, TITLE);
    var closeBtn = EMBED ? null : h("button", {
      class: "close", type: "button", "aria-label": "Close chat", onclick: function () { close(); },
    }, "\u00d7");
    var newBtn = h("button", { class: "textbtn", type: "button", onclick: newConversation }, "New conversation");
    var delBtn = h("button", { class: "textbtn danger", type: "button", onclick: askDelete }, "Delete my conversation");

    var confirmYes = h("button", { class: "btn danger", type: "button", onclick: doDelete }, "Delete");
    var confirmNo = h("button", { class: "btn", type: "button", onclick: function () { hideConfirm(true); } }, "Cancel");
    var confirmMsg = h("p", { id: "isl-confirm-msg" },
      "Delete this conversation from the server? This cannot be undone.");
    var confirmBox = h("div", { class: "confirm", role: "group", "aria-labelledby": "isl-confirm-msg", hidden: true },
      confirmMsg, h("div", { class: "row" }, confirmYes, confirmNo));

    var starters = h("ul", { class: "starters", "aria-label": "Suggested questions" });
    STARTERS.forEach(function (text) {
      starters.append(h("li", null, h("button", {
        class: "starter", type: "button", onclick: function () { input.focus(); send(text); },
      }, text)));
    });
    var intro = h("div", { class: "intro" },
      h("p", null, "Hi! I answer questions about the ASTC Informal STEM Learning Professional Competency " +
        "Framework, and cite the framework for every claim. Conversations are stored; you can delete yours " +
        "at any time. Try one of these, or ask your own:"),
      starters);
    var log = h("div", { class: "log", role: "log", "aria-live": "off", "aria-label": "Conversation", tabindex: "0" },
      intro);

    var input = h("textarea", {
      class: "input", id: "isl-input", rows: "1", placeholder: "Ask a question\u2026",
      autocomplete: "off", "aria-describedby": "isl-foot",
    });
    var sendBtn = h("button", { class: "send", type: "submit" }, "Send");
    var form = h("form", { class: "composer", novalidate: true },
      h("label", { class: "vh", for: "isl-input" }, "Your message"), input, sendBtn);
    var foot = h("p", { class: "foot", id: "isl-foot" },
      "Enter sends, Shift+Enter adds a line." + (EMBED ? "" : " Escape closes the chat."));

    var panel = h("div", {
      class: "panel", id: "isl-panel", role: EMBED ? "region" : "dialog", "aria-modal": EMBED ? null : "false",
      "aria-labelledby": "isl-title", hidden: !EMBED,
    },
    h("div", { class: "head" }, titleEl, closeBtn),
    h("div", { class: "toolbar" }, newBtn, delBtn),
    confirmBox, log, form, foot);

    root.append(status, panel);
    if (launcher) root.append(launcher);
    shadow.append(root);
    document.body.append(host);

    // -- behaviour --
    function announce(text) {
      status.textContent = "";
      // a fresh text node in a later task is announced even when the text repeats
      setTimeout(function () { status.textContent = text; }, 30);
    }

    function setSession(id) {
      state.session = id;
      if (id) storage.set(KEY_SESSION, id);
      else storage.del(KEY_SESSION);
      updateControls();
    }

    function updateControls() {
      delBtn.disabled = state.busy || !state.session;
      newBtn.disabled = state.busy;
      sendBtn.disabled = state.busy;
      log.setAttribute("aria-busy", state.busy ? "true" : "false");
    }

    function nearBottom() {
      return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    }

    function scrollToEnd() {
      log.scrollTop = log.scrollHeight;
    }

    function open() {
      if (!panel.hidden) return;
      panel.hidden = false;
      if (launcher) launcher.setAttribute("aria-expanded", "true");
      input.focus();
      loadHistory();
    }

    function close() {
      if (EMBED || panel.hidden) return;
      hideConfirm(false);
      panel.hidden = true;
      launcher.setAttribute("aria-expanded", "false");
      launcher.focus();
    }

    function resetLog(notice) {
      log.replaceChildren();
      if (notice) log.append(h("p", { class: "notice" }, notice));
      log.append(intro);
    }

    function newConversation() {
      hideConfirm(false);
      setSession(null);
      resetLog(null);
      announce("New conversation started.");
      input.focus();
    }

    function askDelete() {
      if (!state.session) return;
      confirmBox.hidden = false;
      confirmNo.focus();
    }

    function hideConfirm(returnFocus) {
      if (confirmBox.hidden) return;
      confirmBox.hidden = true;
      confirmMsg.textContent = "Delete this conversation from the server? This cannot be undone.";
      if (returnFocus) delBtn.focus();
    }

    function doDelete() {
      var id = state.session;
      if (!id) return hideConfirm(false);
      confirmYes.disabled = true;
      request("/v1/sessions/" + encodeURIComponent(id), { method: "DELETE" }).then(function (res) {
        confirmYes.disabled = false;
        if (!res.ok && res.status !== 404) {
          return errorFrom(res).then(function (e) { confirmMsg.textContent = "Could not delete it: " + e.message; });
        }
        hideConfirm(false);
        setSession(null);
        resetLog("Your conversation was deleted from the server.");
        announce("Your conversation was deleted.");
        input.focus();
        return undefined;
      }, function () {
        confirmYes.disabled = false;
        confirmMsg.textContent = "Could not reach the assistant to delete it. Please try again.";
      });
    }

    function addUser(text) {
      if (intro.parentNode) intro.remove();
      var el = h("div", { class: "msg user" }, vh("You said: "), h("div", { class: "bubble" }, text));
      log.append(el);
      return el;
    }

    function feedbackBar(turnId, initial) {
      var value = initial === 1 || initial === -1 ? initial : 0;
      var note = h("span", { class: "fb-note" });
      var up = h("button", { class: "fb", type: "button", "aria-pressed": "false" }, icon(ICON_UP), vh("Helpful"));
      var down = h("button", { class: "fb", type: "button", "aria-pressed": "false" }, icon(ICON_DOWN),
        vh("Not helpful"));
      function show(v) {
        up.setAttribute("aria-pressed", String(v === 1));
        down.setAttribute("aria-pressed", String(v === -1));
      }
      function rate(v) {
        var before = value;
        value = v;
        show(v);
        request("/v1/turns/" + encodeURIComponent(turnId) + "/feedback", {
          method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ value: v }),
        }).then(function (res) {
          if (!res.ok) throw new Error(String(res.status));
          note.textContent = v === 0 ? "Feedback cleared." : "Thanks for your feedback.";
          announce(note.textContent);
        }).catch(function () {
          value = before;
          show(before);
          note.textContent = "Could not save your feedback.";
          announce(note.textContent);
        });
      }
      up.addEventListener("click", function () { rate(value === 1 ? 0 : 1); });
      down.addEventListener("click", function () { rate(value === -1 ? 0 : -1); });
      show(value);
      return h("div", { class: "feedback", role: "group", "aria-label": "Was this reply helpful?" }, up, down, note);
    }

    function botMessage() {
      var bubble = h("div", { class: "bubble md" }, h("span", { class: "typing" }, "Thinking\u2026"));
      var el = h("div", { class: "msg bot" }, vh("Assistant said: "), bubble);
      log.append(el);
      var pending = null;
      var frame = 0;
      function paint() {
        frame = 0;
        var stick = nearBottom();
        bubble.replaceChildren(renderMarkdown(pending, null));
        if (stick) scrollToEnd();
      }
      return {
        el: el,
        stream: function (text) {
          pending = text;
          if (!frame) frame = requestAnimationFrame(paint);
        },
        finish: function (data) {
          if (frame) cancelAnimationFrame(frame);
          frame = 0;
          var reply = renderReply(String(data.reply == null ? "" : data.reply), data.citations);
          var md = reply.firstChild;
          bubble.replaceChildren.apply(bubble, Array.prototype.slice.call(md.childNodes));
          if (reply.childNodes[1]) el.append(reply.childNodes[1]); // the sources
          if (data.refused) el.classList.add("refused");
          if (data.turn_id) el.append(feedbackBar(String(data.turn_id), data.feedback));
          return bubble.textContent;
        },
        fail: function (err, partial) {
          if (frame) cancelAnimationFrame(frame);
          frame = 0;
          el.classList.add("error");
          bubble.replaceChildren();
          if (partial) bubble.append(renderMarkdown(partial, null));
          bubble.append(h("p", null, h("strong", null, err.message)));
          if (err.hint) bubble.append(h("p", null, err.hint));
        },
      };
    }

    function loadHistory() {
      if (state.historyLoaded || !state.session) return;
      state.historyLoaded = true;
      var id = state.session;
      var loading = h("p", { class: "typing" }, "Loading your conversation\u2026");
      log.prepend(loading);
      request("/v1/sessions/" + encodeURIComponent(id), { method: "GET" }).then(function (res) {
        if (res.status === 404) {
          if (state.session === id) setSession(null);
          return null;
        }
        return res.ok ? res.json() : null;
      }).then(function (body) {
        loading.remove();
        var turns = body && Array.isArray(body.turns) ? body.turns : [];
        if (!turns.length || state.session !== id) return;
        // history goes before anything typed while it loaded
        var later = Array.prototype.slice.call(log.querySelectorAll(".msg"));
        later.forEach(function (n) { n.remove(); });
        turns.forEach(function (t) {
          addUser(String(t.message == null ? "" : t.message));
          botMessage().finish(t);
        });
        later.forEach(function (n) { log.append(n); });
        scrollToEnd();
        announce("Your earlier conversation was restored: " + turns.length +
          (turns.length === 1 ? " exchange." : " exchanges."));
      }).catch(function () {
        loading.remove();
      });
    }

    function send(text, retried) {
      text = String(text || "").trim();
      if (!text || state.busy) return;
      state.busy = true;
      updateControls();
      hideConfirm(false);
      if (!retried) addUser(text);
      scrollToEnd();
      var bot = botMessage();
      scrollToEnd();
      announce("The assistant is replying\u2026");
      var acc = "";
      var done = null;
      var error = null;
      var sentSession = state.session;
      var body = { message: text };
      if (sentSession) body.session_id = sentSession;

      request("/v1/chat/stream", {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify(body),
      }).then(function (res) {
        if (!res.ok) return errorFrom(res).then(function (e) { error = e; });
        return readSSE(res, function (name, data) {
          if (name === "delta" && data && typeof data.text === "string") {
            acc += data.text;
            bot.stream(acc);
          } else if (name === "done") {
            done = data;
          } else if (name === "error") {
            error = { message: String((data && data.message) || "The assistant could not answer."),
              hint: data && data.hint ? String(data.hint) : null };
          }
        });
      }).catch(function () {
        error = error || { message: "Could not reach the assistant.", hint: "Check your connection and try again." };
      }).then(function () {
        state.busy = false;
        if (error && error.status === 404 && sentSession && !retried) {
          // the stored conversation is gone (deleted elsewhere): start a new one with the same message
          bot.el.remove();
          setSession(null);
          send(text, true);
          return;
        }
        if (done && !error) {
          if (done.session_id && ID_SHAPE.test(String(done.session_id))) setSession(String(done.session_id));
          var plain = bot.finish(done);
          announce("Assistant: " + plain);
        } else {
          error = error || { message: "The reply was cut off.", hint: "Please try again." };
          bot.fail(error, acc);
          announce("Error: " + error.message);
        }
        updateControls();
      });
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var text = input.value;
      if (!text.trim() || state.busy) return;
      input.value = "";
      autosize();
      send(text);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
      }
    });
    function autosize() {
      if (!input.value) {
        input.style.height = ""; // back to one line (a wrapped placeholder would count otherwise)
        return;
      }
      input.style.height = "auto";
      input.style.height = Math.min(input.scrollHeight + 3, 140) + "px";
    }
    input.addEventListener("input", autosize);
    panel.addEventListener("keydown", function (ev) {
      if (ev.key !== "Escape") return;
      if (!confirmBox.hidden) {
        ev.preventDefault();
        hideConfirm(true);
      } else if (!EMBED) {
        ev.preventDefault();
        close();
      }
    });

    updateControls();
    if (EMBED) loadHistory();
    return { open: open, close: close };
  }

  var api = {
    version: "1",
    api: API,
    open: function () { if (api._w) api._w.open(); },
    close: function () { if (api._w) api._w.close(); },
    /** Test hook: the Markdown renderer alone, returning a detached node. */
    renderMarkdownForTest: function (text) {
      return h("div", { class: "md" }, renderMarkdown(text, null));
    },
    /** Test hook: a full reply (text, chips and source cards), returning a detached node. */
    renderReplyForTest: function (text, citations) {
      return renderReply(text, citations);
    },
  };
  window.ISLWidget = api;

  function start() {
    api._w = mount();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
