/**
 * The widget's entry module, added to the page by the loader (/widget.js). It takes over the loader's
 * window.ISLWidget stand-in, reads the settings from the loader's <script> tag and mounts the widget
 * once the document has a <body>.
 *
 *   ISLWidget.open() / ISLWidget.close()   the panel (calls made before the module ran are replayed)
 *   ISLWidget.api                          the assistant's base URL
 */
import { renderReply } from "./citations.js";
import { mount } from "./chat.js";
import { readConfig } from "./config.js";
import { h } from "./dom.js";
import { renderMarkdown } from "./markdown.js";

const api = window.ISLWidget || (window.ISLWidget = { version: "1", _script: null, _queued: null });

if (!api._started) {
  api._started = true;
  const config = readConfig(api._script);
  const queued = api._queued;
  delete api._script;
  delete api._queued;

  Object.assign(api, {
    version: "1",
    api: config.api,
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
  });

  const start = function () {
    api._w = mount(config);
    if (queued) api[queued]();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
