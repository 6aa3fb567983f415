/** The widget's settings, read once from the data-* attributes of the host page's <script> tag. */
import { httpUrl } from "./dom.js";

/**
 * @param {HTMLScriptElement|null} script the loader's tag (null when the page loaded main.js itself)
 * @returns {{api: string, title: string, position: "left"|"right", embed: boolean}}
 */
export function readConfig(script) {
  const ds = (script && script.dataset) || {};
  const scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  const apiUrl = ds.api ? httpUrl(ds.api) : null;
  return Object.freeze({
    api: (apiUrl ? apiUrl.href : scriptOrigin).replace(/\/+$/, ""),
    title: ds.title || "ISL Competency Assistant",
    position: ds.position === "left" ? "left" : "right",
    embed: ds.mode === "embed",
  });
}
