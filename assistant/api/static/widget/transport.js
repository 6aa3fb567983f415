/**
 * The network: requests to the assistant API, its error bodies, and its text/event-stream replies.
 * No cookies and no secrets: the anonymous visitor id is the only identity the widget sends.
 */
import { visitorId } from "./storage.js";

/** `request(path, init)`: fetch() against the assistant at `api`, in CORS mode, with the visitor id. */
export function transport(api) {
  return function request(path, init) {
    init = init || {};
    init.credentials = "omit";
    init.mode = "cors";
    const headers = { "X-Visitor-Id": visitorId() };
    Object.keys(init.headers || {}).forEach(function (k) { headers[k] = init.headers[k]; });
    init.headers = headers;
    return fetch(api + path, init);
  };
}

const FALLBACK_ERRORS = {
  413: "That message is too long.",
  422: "That message could not be sent.",
  429: "You're sending messages too quickly. Please wait a moment.",
};

/** A promise of {message, hint, status} for a failed response, from its {"error": ...} body if any. */
export function errorFrom(res) {
  return res.json().then(function (body) {
    const e = (body && body.error) || {};
    return { message: String(e.message || FALLBACK_ERRORS[res.status] || "The assistant could not answer."),
      hint: e.hint ? String(e.hint) : null, status: res.status };
  }, function () {
    return { message: FALLBACK_ERRORS[res.status] || "The assistant could not answer (HTTP " + res.status + ").",
      hint: null, status: res.status };
  });
}

/** Read a text/event-stream body; call onEvent(name, data) per event. EventSource cannot POST. */
export function readSSE(res, onEvent) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  function dispatch(block) {
    let name = "message";
    const data = [];
    block.split("\n").forEach(function (line) {
      if (!line || line.charAt(0) === ":") return;
      const i = line.indexOf(":");
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
      if (field === "event") name = value;
      else if (field === "data") data.push(value);
    });
    if (!data.length) return;
    let parsed;
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
      let i;
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
