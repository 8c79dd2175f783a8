// The offline outbox: what an officer records waits here (IndexedDB) until the server has it.
//
// Loaded by every page and by the service worker (importScripts), which share the core below:
// either may send, whichever runs first (a Web Lock keeps them from sending the same entry at
// once; if they still did, the server answers the replay with the stored record).
//
// An entry is deleted only when the server acknowledges it: 2xx (stored, or already stored) or
// 409 (that UUID is taken: resending can never succeed). A 400 marks it "failed" and shows it to
// the officer instead of retrying forever. Anything else (no signal, 5xx, logged out) keeps it
// for the next try: on the `online` event, when the app opens, every 30 s while some wait, and
// by Background Sync from the service worker where the browser has it.
//
// Entries belong to the officer who recorded them (`user`); only the logged-in officer's are
// sent or counted, and logging out clears the store. Caches never hold it: a service-worker
// update replaces caches, never this database.
(function (scope) {
  "use strict";

  var DB_NAME = "nforce-outbox";
  var DB_VERSION = 1;
  var ENTRIES = "entries"; // keyPath client_uuid, index "user"
  var META = "meta"; // "session": {user, csrf, url}, written by every live page
  var LOCK = "nforce-outbox-flush";
  var SYNC_TAG = "nforce-outbox";
  // A request that hangs on a weak signal is given up and tried again later; a photo over a
  // slow link needs longer than a JSON body.
  var SEND_TIMEOUT_MS = 30000;
  var PHOTO_SEND_TIMEOUT_MS = 120000;
  var FINAL_FAILURES = [400, 413, 415, 422];

  var dbPromise = null;

  function openDb() {
    if (dbPromise) return dbPromise;
    dbPromise = new Promise(function (resolve, reject) {
      var request = scope.indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains(ENTRIES)) {
          db.createObjectStore(ENTRIES, { keyPath: "client_uuid" }).createIndex("user", "user");
        }
        if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
      };
      request.onsuccess = function () {
        var db = request.result;
        // A newer page or worker wants to upgrade the schema: step aside, reopen on next use.
        db.onversionchange = function () {
          db.close();
          dbPromise = null;
        };
        resolve(db);
      };
      request.onerror = function () {
        dbPromise = null;
        reject(request.error);
      };
    });
    return dbPromise;
  }

  // One request in its own transaction; resolves when the transaction has committed, so a
  // "saved" promise means saved on disk ("strict": not only in the browser's memory).
  function run(storeName, mode, makeRequest) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(storeName, mode, { durability: "strict" });
        var request = makeRequest(tx.objectStore(storeName));
        tx.oncomplete = function () {
          resolve(request.result);
        };
        tx.onerror = tx.onabort = function () {
          reject(tx.error || request.error);
        };
      });
    });
  }

  function put(entry) {
    return run(ENTRIES, "readwrite", function (store) {
      return store.put(entry);
    });
  }

  function remove(uuid) {
    return run(ENTRIES, "readwrite", function (store) {
      return store.delete(uuid);
    });
  }

  function get(uuid) {
    return run(ENTRIES, "readonly", function (store) {
      return store.get(uuid);
    });
  }

  function entriesOf(user) {
    if (!user) return Promise.resolve([]);
    return run(ENTRIES, "readonly", function (store) {
      return store.index("user").getAll(String(user));
    }).then(function (entries) {
      return entries.sort(function (a, b) {
        return a.created_at - b.created_at; // oldest first: the server compares with the previous fix
      });
    });
  }

  function clearAll() {
    return run(ENTRIES, "readwrite", function (store) {
      return store.clear();
    }).then(function () {
      return run(META, "readwrite", function (store) {
        return store.clear();
      });
    });
  }

  function getSession() {
    return run(META, "readonly", function (store) {
      return store.get("session");
    });
  }

  function setSession(session) {
    return run(META, "readwrite", function (store) {
      return store.put(session, "session");
    });
  }

  function newUuid() {
    if (scope.crypto && scope.crypto.randomUUID) return scope.crypto.randomUUID();
    var bytes = scope.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // --- sending ---------------------------------------------------------------------------

  function requestInit(entry, session) {
    var init = {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "X-CSRFToken": session.csrf, Accept: "application/json" },
    };
    if (entry.photo) {
      var form = new FormData();
      Object.keys(entry.body).forEach(function (key) {
        var value = entry.body[key];
        if (value !== null && value !== undefined && value !== "") form.append(key, String(value));
      });
      form.append("photo", entry.photo, entry.client_uuid + ".jpg");
      init.body = form;
    } else {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(entry.body);
    }
    return init;
  }

  function withTimeout(init, milliseconds) {
    if (typeof AbortController === "undefined") return init;
    var controller = new AbortController();
    setTimeout(function () {
      controller.abort();
    }, milliseconds);
    init.signal = controller.signal;
    return init;
  }

  function readJson(response) {
    return response.json().catch(function () {
      return { status: response.status, detail: response.statusText || String(response.status), errors: [] };
    });
  }

  // -> {result: "sent" | "failed" | "wait", record?, problem?, status?}
  function send(entry, session) {
    var timeout = entry.photo ? PHOTO_SEND_TIMEOUT_MS : SEND_TIMEOUT_MS;
    return fetch(session.url, withTimeout(requestInit(entry, session), timeout)).then(
      function (response) {
        if (response.ok) {
          return readJson(response).then(function (record) {
            return { result: "sent", record: record, status: response.status };
          });
        }
        if (response.status === 409) return { result: "sent", conflict: true, status: 409 };
        if (FINAL_FAILURES.indexOf(response.status) >= 0) {
          return readJson(response).then(function (problem) {
            return { result: "failed", problem: problem, status: response.status };
          });
        }
        return { result: "wait", status: response.status }; // 401/403 (log in again), 429, 5xx
      },
      function () {
        return { result: "wait", status: 0 }; // no signal, timed out, or the response was lost
      }
    );
  }

  function settle(entry, outcome) {
    if (outcome.result === "sent") return remove(entry.client_uuid);
    if (outcome.result === "failed") {
      return put(Object.assign({}, entry, { state: "failed", problem: outcome.problem, failed_at: Date.now() }));
    }
    return Promise.resolve(); // "wait": the entry stays as it is
  }

  function withLock(work) {
    if (scope.navigator && scope.navigator.locks) return scope.navigator.locks.request(LOCK, work);
    return work();
  }

  // Sends the session user's pending entries, oldest first; stops at the first that must wait
  // (no signal: the others would fail the same way). `notify(kind, entry, outcome)` per entry.
  function flush(notify) {
    return withLock(function () {
      return getSession().then(function (session) {
        var summary = { sent: 0, failed: 0, waiting: 0 };
        if (!session || !session.user || !session.csrf) return summary;
        return entriesOf(session.user).then(function (entries) {
          var pending = entries.filter(function (entry) {
            return entry.state === "pending";
          });
          return sendInTurn(pending, session, summary, notify || function () {});
        });
      });
    });
  }

  function sendInTurn(pending, session, summary, notify) {
    if (!pending.length) return Promise.resolve(summary);
    var entry = pending[0];
    return send(entry, session).then(function (outcome) {
      return settle(entry, outcome).then(function () {
        notify(outcome.result, entry, outcome);
        if (outcome.result === "wait") {
          summary.waiting = pending.length;
          return summary;
        }
        summary[outcome.result] += 1;
        return sendInTurn(pending.slice(1), session, summary, notify);
      });
    });
  }

  var core = {
    SYNC_TAG: SYNC_TAG,
    newUuid: newUuid,
    put: put,
    get: get,
    remove: remove,
    entriesOf: entriesOf,
    clearAll: clearAll,
    getSession: getSession,
    setSession: setSession,
    flush: flush,
  };
  scope.NforceOutboxCore = core;

  if (typeof document === "undefined") return; // the service worker needs only the core

  // --- in a page ---------------------------------------------------------------------------

  var script = document.currentScript;
  var settings = script ? script.dataset : {};
  var user = (document.body && document.body.dataset.user) || "";
  var changedEvent = "nforce:outbox";
  var flushing = null;
  var flushAgain = false;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function announce(kind, entry, outcome) {
    var detail = { kind: kind, client_uuid: entry ? entry.client_uuid : null, outcome: outcome || null };
    window.dispatchEvent(new CustomEvent(changedEvent, { detail: detail }));
    refreshBadge();
  }

  function list() {
    return entriesOf(user);
  }

  function count() {
    return list().then(function (entries) {
      return entries.length;
    });
  }

  function refreshBadge() {
    var badge = document.querySelector("[data-outbox-badge]");
    if (!badge) return Promise.resolve();
    return count().then(function (unsent) {
      badge.hidden = unsent === 0;
      badge.textContent = (badge.dataset.label || "{count}").replace("{count}", String(unsent));
      badge.dataset.count = String(unsent);
    });
  }

  // One flush at a time from this page; a call during a flush (a record saved while earlier
  // ones are being sent) runs another right after, so that the new entry is not left waiting.
  function pageFlush() {
    if (!user) return Promise.resolve({ sent: 0, failed: 0, waiting: 0 });
    if (flushing) {
      flushAgain = true;
      return flushing;
    }
    flushing = flush(announce)
      .catch(function () {
        return { sent: 0, failed: 0, waiting: 0 };
      })
      .then(function (summary) {
        flushing = null;
        if (!flushAgain) return summary;
        flushAgain = false;
        return pageFlush();
      });
    return flushing;
  }

  function askForBackgroundSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready
      .then(function (registration) {
        return registration.sync && registration.sync.register(SYNC_TAG);
      })
      .catch(function () {}); // no Background Sync here: `online` and app-open flushes remain
  }

  // Keeps a record until the server has it. `body` is the JSON the API takes (see
  // detection/api.py); `options.photo` an optional Blob. Resolves with the client_uuid once the
  // entry is on disk: sending happens after, now or when the signal returns.
  function enqueue(body, options) {
    if (!user) return Promise.reject(new Error("Nforce outbox: nobody is logged in"));
    if (!body || body.latitude == null || body.longitude == null || !body.outcome) {
      return Promise.reject(new TypeError("Nforce outbox: latitude, longitude and outcome are required"));
    }
    var uuid = body.client_uuid || newUuid();
    var entry = {
      client_uuid: uuid,
      user: String(user),
      body: Object.assign({ observed_at: new Date().toISOString() }, body, { client_uuid: uuid }),
      photo: (options && options.photo) || null,
      state: "pending",
      created_at: Date.now(),
    };
    return put(entry).then(function () {
      announce("queued", entry);
      askForBackgroundSync();
      pageFlush();
      return uuid;
    });
  }

  // The server's refusal in words: each distinct message once (a position outside Malaysia
  // names both latitude and longitude with one message).
  function problemText(problem) {
    if (!problem) return "";
    var seen = [];
    (problem.errors || []).forEach(function (error) {
      if (error.message && seen.indexOf(error.message) < 0) seen.push(error.message);
    });
    return seen.length ? seen.join(" ") : problem.detail || problem.title || "";
  }

  function discard(uuid) {
    return remove(uuid).then(function () {
      announce("discarded", { client_uuid: uuid });
    });
  }

  function retry(uuid) {
    return get(uuid).then(function (entry) {
      if (!entry) return null;
      return put(Object.assign({}, entry, { state: "pending", problem: null })).then(pageFlush);
    });
  }

  function forgetCachedPages() {
    if (!("caches" in window)) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(
        names
          .filter(function (name) {
            return name.indexOf("nforce-pages") === 0;
          })
          .map(function (name) {
            return caches.delete(name);
          })
      );
    });
  }

  // Logging out: send what can be sent; what cannot is lost, so the officer is asked first.
  function guardLogout(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var tried = Promise.race([
        pageFlush(),
        new Promise(function (resolve) {
          setTimeout(resolve, 8000);
        }),
      ]);
      tried
        .then(count)
        .then(function (unsent) {
          var question = (form.dataset.confirmUnsent || "{count}").replace("{count}", String(unsent));
          if (unsent > 0 && !window.confirm(question)) return;
          return clearAll()
            .then(forgetCachedPages)
            .catch(function () {})
            .then(function () {
              form.submit(); // submit() does not fire "submit": no loop
            });
        });
    });
  }

  function start() {
    document.querySelectorAll("form[data-clear-outbox]").forEach(guardLogout);
    if (!user) return;
    getSession()
      .catch(function () {
        return null;
      })
      .then(function (previous) {
        var session = { user: String(user), csrf: csrfToken(), url: settings.url || "/api/v1/detections" };
        var switched = previous && previous.user && previous.user !== session.user;
        return setSession(session).then(function () {
          // Pages kept offline carry the officer who fetched them: another officer starts afresh.
          return switched ? forgetCachedPages() : null;
        });
      })
      .then(function () {
        refreshBadge();
        pageFlush();
        warmOfflinePages();
      })
      .catch(function () {}); // private mode or storage full: the page still works online
    window.addEventListener("online", pageFlush);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") pageFlush();
    });
    setInterval(function () {
      count().then(function (unsent) {
        if (unsent > 0 && navigator.onLine !== false) pageFlush();
      });
    }, 30000);
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.addEventListener("message", function (event) {
        if (event.data && event.data.type === "nforce-outbox") announce(event.data.kind, event.data.entry, event.data.outcome);
      });
    }
  }

  function warmOfflinePages() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: "warm" });
    });
  }

  window.NforceOutbox = {
    enqueue: enqueue,
    flush: pageFlush,
    list: list,
    count: count,
    discard: discard,
    retry: retry,
    newUuid: newUuid,
    problemText: problemText,
    EVENT: changedEvent,
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(self);
