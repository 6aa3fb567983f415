/**
 * The widget's behaviour: the conversation's state (its session id, busy or not) and what every
 * control does: open and close, send and stream, restore the history, start anew, delete.
 */
import { h } from "./dom.js";
import { messages } from "./messages.js";
import { buildShell, CONFIRM_TEXT } from "./shell.js";
import { ID_SHAPE, sessionStore } from "./storage.js";
import { errorFrom, readSSE, transport } from "./transport.js";

/** Build the widget for `config` (see config.js) and wire it; returns {open, close}. */
export function mount(config) {
  const EMBED = config.embed;
  const ui = buildShell(config);
  const { launcher, panel, newBtn, delBtn, confirmBox, confirmMsg, confirmYes, confirmNo, log, input, sendBtn, form } = ui;
  const request = transport(config.api);
  const sessions = sessionStore(config.api);
  const state = { session: sessions.get(), busy: false, historyLoaded: false };
  const { addUser, botMessage, scrollToEnd } = messages(ui, request, announce);

  function announce(text) {
    ui.status.textContent = "";
    // a fresh text node in a later task is announced even when the text repeats
    setTimeout(function () { ui.status.textContent = text; }, 30);
  }

  function setSession(id) {
    state.session = id;
    sessions.set(id);
    updateControls();
  }

  function updateControls() {
    delBtn.disabled = state.busy || !state.session;
    newBtn.disabled = state.busy;
    sendBtn.disabled = state.busy;
    log.setAttribute("aria-busy", state.busy ? "true" : "false");
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
    log.append(ui.intro);
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
    confirmMsg.textContent = CONFIRM_TEXT;
    if (returnFocus) delBtn.focus();
  }

  function doDelete() {
    const id = state.session;
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

  function loadHistory() {
    if (state.historyLoaded || !state.session) return;
    state.historyLoaded = true;
    const id = state.session;
    const loading = h("p", { class: "typing" }, "Loading your conversation\u2026");
    log.prepend(loading);
    request("/v1/sessions/" + encodeURIComponent(id), { method: "GET" }).then(function (res) {
      if (res.status === 404) {
        if (state.session === id) setSession(null);
        return null;
      }
      return res.ok ? res.json() : null;
    }).then(function (body) {
      loading.remove();
      const turns = body && Array.isArray(body.turns) ? body.turns : [];
      if (!turns.length || state.session !== id) return;
      // history goes before anything typed while it loaded
      const later = Array.from(log.querySelectorAll(".msg"));
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
    const bot = botMessage();
    scrollToEnd();
    announce("The assistant is replying\u2026");
    let acc = "";
    let done = null;
    let error = null;
    const sentSession = state.session;
    const body = { message: text };
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
        const plain = bot.finish(done);
        announce("Assistant: " + plain);
      } else {
        error = error || { message: "The reply was cut off.", hint: "Please try again." };
        bot.fail(error, acc);
        announce("Error: " + error.message);
      }
      updateControls();
    });
  }

  function autosize() {
    if (!input.value) {
      input.style.height = ""; // back to one line (a wrapped placeholder would count otherwise)
      return;
    }
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight + 3, 140) + "px";
  }

  // -- wiring --
  if (launcher) launcher.addEventListener("click", function () { (panel.hidden ? open : close)(); });
  if (ui.closeBtn) ui.closeBtn.addEventListener("click", function () { close(); });
  newBtn.addEventListener("click", newConversation);
  delBtn.addEventListener("click", askDelete);
  confirmYes.addEventListener("click", doDelete);
  confirmNo.addEventListener("click", function () { hideConfirm(true); });
  ui.starterButtons.forEach(function (button) {
    button.addEventListener("click", function () { input.focus(); send(button.textContent); });
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    const text = input.value;
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
