/**
 * The messages in the conversation log: the visitor's, and the assistant's as it streams in, then
 * finished (chips, sources, feedback buttons) or failed.
 */
import { renderReply } from "./citations.js";
import { h, icon, ICON_DOWN, ICON_UP, vh } from "./dom.js";
import { renderMarkdown } from "./markdown.js";

/**
 * @param ui       the parts from shell.js (log, intro)
 * @param request  transport.js's request function
 * @param announce speaks a status to screen readers
 */
export function messages(ui, request, announce) {
  const log = ui.log;

  function nearBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function addUser(text) {
    if (ui.intro.parentNode) ui.intro.remove();
    const el = h("div", { class: "msg user" }, vh("You said: "), h("div", { class: "bubble" }, text));
    log.append(el);
    return el;
  }

  function feedbackBar(turnId, initial) {
    let value = initial === 1 || initial === -1 ? initial : 0;
    const note = h("span", { class: "fb-note" });
    const up = h("button", { class: "fb", type: "button", "aria-pressed": "false" }, icon(ICON_UP), vh("Helpful"));
    const down = h("button", { class: "fb", type: "button", "aria-pressed": "false" }, icon(ICON_DOWN),
      vh("Not helpful"));
    function show(v) {
      up.setAttribute("aria-pressed", String(v === 1));
      down.setAttribute("aria-pressed", String(v === -1));
    }
    function rate(v) {
      const before = value;
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

  // Only the assistant's own plan files are fetched: /v1/coach/sessions/<id>/plan?format=pdf|md|json.
  const DOWNLOAD_PATH = /^\/v1\/coach\/sessions\/[\w-]{1,64}\/plan\?format=(pdf|md|json)$/;
  const EXTENSION = { pdf: "pdf", md: "md", json: "json" };

  /** Buttons that fetch each file with the visitor id (a plain link could not send it) and save it. */
  function downloadBar(downloads) {
    const note = h("span", { class: "dl-note" });
    const buttons = downloads.filter(function (d) {
      return d && typeof d.path === "string" && DOWNLOAD_PATH.test(d.path);
    }).map(function (d) {
      const fmt = DOWNLOAD_PATH.exec(d.path)[1];
      const name = String(d.label || fmt.toUpperCase());
      const button = h("button", { class: "dl", type: "button" }, "Download " + name);
      button.addEventListener("click", function () {
        button.disabled = true;
        request(d.path, { method: "GET" }).then(function (res) {
          if (!res.ok) throw new Error(String(res.status));
          return res.blob();
        }).then(function (blob) {
          const url = URL.createObjectURL(blob);
          const a = h("a", { href: url, download: "learning-plan." + EXTENSION[fmt], hidden: true });
          log.append(a);
          a.click();
          a.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
          note.textContent = "Saved your plan (" + name + ").";
          announce(note.textContent);
        }).catch(function () {
          note.textContent = "Could not download the plan. Please try again.";
          announce(note.textContent);
        }).then(function () { button.disabled = false; });
      });
      return button;
    });
    if (!buttons.length) return null;
    return h("div", { class: "downloads", role: "group", "aria-label": "Download your learning plan" },
      ...buttons, note);
  }

  /** A new assistant message, "Thinking..." until stream(), then finish() or fail(). */
  function botMessage() {
    const bubble = h("div", { class: "bubble md" }, h("span", { class: "typing" }, "Thinking\u2026"));
    const el = h("div", { class: "msg bot" }, vh("Assistant said: "), bubble);
    log.append(el);
    let pending = null;
    let frame = 0;
    function paint() {
      frame = 0;
      const stick = nearBottom();
      bubble.replaceChildren(renderMarkdown(pending, null));
      if (stick) scrollToEnd();
    }
    return {
      el: el,
      /** Show the text so far, at most once per animation frame. */
      stream: function (text) {
        pending = text;
        if (!frame) frame = requestAnimationFrame(paint);
      },
      /** The done event (or a turn from history): the reply, its sources, its feedback; returns the plain text. */
      finish: function (data) {
        if (frame) cancelAnimationFrame(frame);
        frame = 0;
        const reply = renderReply(String(data.reply == null ? "" : data.reply), data.citations);
        const md = reply.firstChild;
        bubble.replaceChildren(...md.childNodes);
        if (reply.childNodes[1]) el.append(reply.childNodes[1]); // the sources
        if (data.refused) el.classList.add("refused");
        const files = Array.isArray(data.downloads) ? downloadBar(data.downloads) : null;
        if (files) el.append(files);
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

  return { addUser, botMessage, scrollToEnd };
}
