/**
 * The widget's elements: a host element at the end of <body> with an open shadow root, so the host
 * page's CSS neither breaks the widget nor is broken by it. The shadow root loads widget.css with a
 * <link> from where this module came from (the assistant's origin; a page CSP of style-src 'self'
 * allows it without 'unsafe-inline'), and stays hidden until the sheet has arrived, so the host page
 * never shows the widget unstyled. Behaviour is wired in chat.js; this module only builds.
 */
import { h, icon, ICON_CHAT } from "./dom.js";

const STARTERS = [
  "Which competencies fit this job posting?",
  "Help me reflect on my year",
  "What is Level 2 in Finances?",
];

const INTRO = "Hi! I answer questions about the ASTC Informal STEM Learning Professional Competency " +
  "Framework, and cite the framework for every claim. Conversations are stored; you can delete yours " +
  "at any time. Try one of these, or ask your own:";

export const CONFIRM_TEXT = "Delete this conversation from the server? This cannot be undone.";

/** Build and attach the widget for `config` (see config.js); returns its parts by name. */
export function buildShell(config) {
  const embed = config.embed;
  const host = h("div", { id: "isl-widget", "data-isl-widget": "" });
  if (embed) host.style.display = "block";
  const shadow = host.attachShadow({ mode: "open" });
  const sheet = h("link", { rel: "stylesheet", href: new URL("widget.css", import.meta.url).href });
  shadow.append(sheet);

  const root = h("div", { class: "root pos-" + config.position + (embed ? " embed" : ""), hidden: true });
  const shown = function () { root.hidden = false; };
  sheet.addEventListener("load", shown);
  sheet.addEventListener("error", shown); // unstyled beats invisible

  const status = h("div", { class: "vh", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  const launcher = embed ? null : h("button", {
    class: "launcher", type: "button", "aria-expanded": "false", "aria-controls": "isl-panel",
    "aria-haspopup": "dialog",
  }, icon(ICON_CHAT), "Ask the ISL assistant");

  const titleEl = h(embed ? "h1" : "h2", { class: "title", id: "isl-title" }, config.title);
  const closeBtn = embed ? null : h("button", { class: "close", type: "button", "aria-label": "Close chat" }, "\u00d7");
  const newBtn = h("button", { class: "textbtn", type: "button" }, "New conversation");
  const delBtn = h("button", { class: "textbtn danger", type: "button" }, "Delete my conversation");

  const confirmYes = h("button", { class: "btn danger", type: "button" }, "Delete");
  const confirmNo = h("button", { class: "btn", type: "button" }, "Cancel");
  const confirmMsg = h("p", { id: "isl-confirm-msg" }, CONFIRM_TEXT);
  const confirmBox = h("div", { class: "confirm", role: "group", "aria-labelledby": "isl-confirm-msg", hidden: true },
    confirmMsg, h("div", { class: "row" }, confirmYes, confirmNo));

  const starterButtons = STARTERS.map(function (text) {
    return h("button", { class: "starter", type: "button" }, text);
  });
  const starters = h("ul", { class: "starters", "aria-label": "Suggested questions" },
    ...starterButtons.map(function (b) { return h("li", null, b); }));
  const intro = h("div", { class: "intro" }, h("p", null, INTRO), starters);
  const log = h("div", { class: "log", role: "log", "aria-live": "off", "aria-label": "Conversation", tabindex: "0" },
    intro);

  const input = h("textarea", {
    class: "input", id: "isl-input", rows: "1", placeholder: "Ask a question\u2026",
    autocomplete: "off", "aria-describedby": "isl-foot",
  });
  const sendBtn = h("button", { class: "send", type: "submit" }, "Send");
  const form = h("form", { class: "composer", novalidate: true },
    h("label", { class: "vh", for: "isl-input" }, "Your message"), input, sendBtn);
  const foot = h("p", { class: "foot", id: "isl-foot" },
    "Enter sends, Shift+Enter adds a line." + (embed ? "" : " Escape closes the chat."));

  const panel = h("div", {
    class: "panel", id: "isl-panel", role: embed ? "region" : "dialog", "aria-modal": embed ? null : "false",
    "aria-labelledby": "isl-title", hidden: !embed,
  },
  h("div", { class: "head" }, titleEl, closeBtn),
  h("div", { class: "toolbar" }, newBtn, delBtn),
  confirmBox, log, form, foot);

  root.append(status, panel);
  if (launcher) root.append(launcher);
  shadow.append(root);
  document.body.append(host);

  return {
    host, status, launcher, panel, closeBtn, newBtn, delBtn, confirmBox, confirmMsg, confirmYes, confirmNo,
    starterButtons, intro, log, input, sendBtn, form,
  };
}
