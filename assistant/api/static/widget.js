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
 * This file is only the loader: a classic script, so that one plain <script> tag works on any page.
 * The widget itself is a set of ES modules next to it (widget/main.js and what it imports, plus
 * widget/widget.css for its shadow root), served as they are, without a build step.
 *
 * The loader remembers its own tag (document.currentScript exists for classic scripts only) and adds
 * widget/main.js, resolved against its own URL, as a <script type="module">. A module script element
 * rather than import(): the element delays the page's load event until the widget has mounted, as the
 * single classic script did. Module scripts are always fetched in CORS mode without credentials, so
 * the assistant serves the module files with Access-Control-Allow-Origin (see routes/widget.py).
 */
(function () {
  "use strict";
  if (window.ISLWidget) return; // loaded twice: keep the first

  var script = document.currentScript;
  var self = script && script.src ? script.src : location.origin + "/widget.js";

  // A stand-in until the module has mounted: main.js takes over this object, reads the tag from it,
  // and replays an open() or close() that the host page called in the meantime.
  var stub = {
    version: "1",
    _script: script,
    _queued: null,
    open: function () { stub._queued = "open"; },
    close: function () { stub._queued = "close"; },
  };
  window.ISLWidget = stub;

  var entry = document.createElement("script");
  entry.type = "module";
  entry.src = new URL("widget/main.js", self).href;
  entry.onload = entry.onerror = function () { entry.remove(); }; // leave the host's DOM as it was
  (document.head || document.documentElement).append(entry);
})();
