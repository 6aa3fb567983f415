/**
 * What the widget remembers in this browser: an anonymous visitor id and, per assistant, the current
 * conversation's id. localStorage may be blocked (e.g. in third-party iframes): then memory is used.
 */

const memory = {};

const storage = {
  get(k) {
    try {
      return window.localStorage.getItem(k);
    } catch (e) {
      return k in memory ? memory[k] : null;
    }
  },
  set(k, v) {
    try {
      window.localStorage.setItem(k, v);
    } catch (e) {
      memory[k] = v;
    }
  },
  del(k) {
    try {
      window.localStorage.removeItem(k);
    } catch (e) {
      delete memory[k];
    }
  },
};

const KEY_VISITOR = "isl-widget:visitor";

/** The shape of visitor and session ids; anything else read back from storage or the server is ignored. */
export const ID_SHAPE = /^[A-Za-z0-9_-]{8,64}$/;

function randomId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
}

/** This browser's anonymous visitor id, made on first use. */
export function visitorId() {
  let id = storage.get(KEY_VISITOR);
  if (!id || !ID_SHAPE.test(id)) {
    id = randomId();
    storage.set(KEY_VISITOR, id);
  }
  return id;
}

/** The stored conversation id for the assistant at `api`: get() returns null when there is none. */
export function sessionStore(api) {
  const key = "isl-widget:session:" + api;
  return {
    get() {
      const id = storage.get(key);
      return id && ID_SHAPE.test(id) ? id : null;
    },
    set(id) {
      if (id) storage.set(key, id);
      else storage.del(key);
    },
  };
}
