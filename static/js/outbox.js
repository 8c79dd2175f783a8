// The offline outbox: what an officer records waits here (IndexedDB) until the server has it.
//
// Loaded by every page and by the service worker (importScripts), which share the core below:
// either may send, whichever runs first (a Web Lock keeps them from sending the same entry at
// once; if they still did, the server answers the replay with the stored record).
//
// Phones are shared, so the outbox is partitioned by officer: an entry's key is [user,
// client_uuid] (user: the pk, never a personal identifier), and nothing reads, sends or deletes
// an entry without naming whose it is. Only the signed-in officer's entries are listed, counted
// and sent, and each is sent with X-Nforce-Officer naming its officer (the server refuses to
// file it under anyone else). Logging out touches only the officer's own entries, and only as
// they choose (docs/offline.md); other officers' entries stay until they sign in here again.
//
// An entry is deleted only when the server's answer names its client_uuid (201 stored, 200
// already stored), or when its officer discards it or deletes it at logout. 400, 409, 413, 415
// and 422 are refusals that resending cannot change: the entry is kept, marked "failed", and
// shown to its officer.
// Anything else (no signal, 5xx, signed out, a 2xx that does not name it, such as a captive
// portal's page) keeps it for the next try: on the `online` event, when the app opens, every
// 30 s while some wait, and by Background Sync from the service worker where the browser has it.
//
// Entry kinds. An entry is {kind, url, body, client_uuid, ...}: `url` is where it is POSTed (none:
// the session's, /api/v1/detections). "detection" (enqueue), "outcome" (enqueueTo("outcome",
// "/api/v1/assignments/<id>/outcome", body)); a case action is one more kind, with nothing else
// to build here: enqueueTo("case_action", "/api/v1/cases/<id>/actions", body) where the body
// carries its client_uuid and the server's answer names it (docs/offline.md). A 404 answered as
// a JSON problem (the assignment went to someone else) is a refusal, not a wait.
//
// The pages the service worker keeps for offline use are per officer too ("nforce-pages-"
// user "-" version); signOut() ends the phone's session and drops them. Caches never hold the
// outbox: a service-worker update replaces caches, never this database.
(function (scope) {
  "use strict";

  var DB_NAME = "nforce-outbox";
  var KEPT_DB = "nforce-kept"; // offline-store.js: snapshots for offline use, per officer
  var DB_VERSION = 2;
  var ENTRIES = "outbox"; // keyPath [user, client_uuid], index "user"
  var V1_ENTRIES = "entries"; // version 1: keyPath client_uuid alone; moved into ENTRIES
  var META = "meta"; // "session": {user, csrf, url}, written by every live signed-in page
  var PAGES = "nforce-pages-"; // + user + "-" + version: the pages kept for one officer
  var OFFICER_HEADER = "X-Nforce-Officer";
  var LOCK = "nforce-outbox-flush";
  var SYNC_TAG = "nforce-outbox";
  // A request that hangs on a weak signal is given up and tried again later; a photo over a
  // slow link needs longer than a JSON body.
  var SEND_TIMEOUT_MS = 30000;
  var PHOTO_SEND_TIMEOUT_MS = 120000;
  var FINAL_FAILURES = [400, 409, 413, 415, 422];
  // Final only when the server itself said so (a JSON problem): a captive portal's 404 is not.
  var FINAL_IF_PROBLEM = [404];

  var dbPromise = null;

  function openDb() {
    if (!dbPromise) {
      dbPromise = openDatabase(DB_NAME, DB_VERSION, upgradeOutbox, function () {
        dbPromise = null;
      });
    }
    return dbPromise;
  }

  function upgradeOutbox(db, upgrade) {
    if (!db.objectStoreNames.contains(ENTRIES)) {
      db.createObjectStore(ENTRIES, { keyPath: ["user", "client_uuid"] }).createIndex("user", "user");
    }
    if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
    if (db.objectStoreNames.contains(V1_ENTRIES)) moveV1Entries(db, upgrade);
  }

  // One IndexedDB database (the outbox, offline-store.js's kept snapshots): `upgrade(db,
  // transaction)` makes its stores; `forget()` is called when the connection must not be used
  // again (it failed, or a newer version or a deletion wants the database: step aside at once).
  function openDatabase(name, version, upgrade, forget) {
    return new Promise(function (resolve, reject) {
      var request = scope.indexedDB.open(name, version);
      request.onupgradeneeded = function () {
        upgrade(request.result, request.transaction);
      };
      request.onsuccess = function () {
        var db = request.result;
        db.onversionchange = function () {
          db.close();
          forget();
        };
        resolve(db);
      };
      request.onerror = function () {
        forget();
        reject(request.error);
      };
    });
  }

  // Inside the upgrade's transaction: if anything fails, the upgrade aborts and version 1 stays.
  function moveV1Entries(db, upgrade) {
    upgrade.objectStore(V1_ENTRIES).getAll().onsuccess = function (event) {
      var partitioned = upgrade.objectStore(ENTRIES);
      event.target.result.forEach(function (entry) {
        // Version 1 gave every entry its user; one without could never be sent, and a key
        // without it would abort the upgrade and leave every officer without an outbox.
        if (typeof entry.user === "string") partitioned.put(entry);
      });
      db.deleteObjectStore(V1_ENTRIES);
    };
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

  function remove(user, uuid) {
    return run(ENTRIES, "readwrite", function (store) {
      return store.delete([String(user), String(uuid)]);
    });
  }

  function get(user, uuid) {
    return run(ENTRIES, "readonly", function (store) {
      return store.get([String(user), String(uuid)]);
    });
  }

  // Every key [user, anything]: arrays sort after strings, so [user, []] closes the range.
  function removeEntriesOf(user) {
    return run(ENTRIES, "readwrite", function (store) {
      return store.delete(IDBKeyRange.bound([String(user)], [String(user), []]));
    });
  }

  function countAll() {
    return run(ENTRIES, "readonly", function (store) {
      return store.count();
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

  // --- kept pages --------------------------------------------------------------------------

  function pagesCache(user, version) {
    return PAGES + user + "-" + version;
  }

  function isPagesOf(user, name) {
    return name.indexOf(PAGES + user + "-") === 0;
  }

  // Drops every officer's kept pages but those of `keepUser` (none if null).
  function dropPages(keepUser) {
    if (!scope.caches) return Promise.resolve();
    return scope.caches.keys().then(function (names) {
      var dropped = names.filter(function (name) {
        return name.indexOf(PAGES) === 0 && !(keepUser && isPagesOf(keepUser, name));
      });
      return Promise.all(dropped.map(function (name) {
        return scope.caches.delete(name);
      }));
    });
  }

  // Nobody is signed in on this phone any more (logout, or a session found expired): forget the
  // session (the worker sends nothing without one) and every kept page. Entries stay.
  function signOut() {
    return run(META, "readwrite", function (store) {
      return store.delete("session");
    }).then(function () {
      return Promise.all([dropPages(null), dropKept()]);
    });
  }

  // The snapshots kept for offline use (My premises, area packs: offline-store.js) go with the
  // kept pages. Not waited on past a few seconds: a page still holding the database open
  // (another tab) delays the deletion until it closes, which offline-store.js does at once.
  function dropKept() {
    if (!scope.indexedDB) return Promise.resolve();
    return new Promise(function (resolve) {
      var request = scope.indexedDB.deleteDatabase(KEPT_DB);
      request.onsuccess = request.onerror = function () {
        resolve();
      };
      setTimeout(resolve, 3000);
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
    init.headers[OFFICER_HEADER] = entry.user;
    if (entry.photo) {
      var form = new FormData();
      Object.keys(entry.body).forEach(function (key) {
        var value = entry.body[key];
        if (value === null || value === undefined || value === "") return;
        // A list (the workers found on site) travels as its JSON text in a multipart body.
        form.append(key, typeof value === "object" ? JSON.stringify(value) : String(value));
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

  function namesEntry(record, entry) {
    return Boolean(record) && typeof record.client_uuid === "string" &&
      record.client_uuid.toLowerCase() === String(entry.client_uuid).toLowerCase();
  }

  function isServerProblem(response) {
    var type = response.headers.get("Content-Type") || "";
    return FINAL_IF_PROBLEM.indexOf(response.status) >= 0 && type.indexOf("json") >= 0;
  }

  // -> {result: "sent" | "failed" | "wait", record?, problem?, status?}
  function send(entry, session) {
    var timeout = entry.photo ? PHOTO_SEND_TIMEOUT_MS : SEND_TIMEOUT_MS;
    return fetch(entry.url || session.url, withTimeout(requestInit(entry, session), timeout)).then(
      function (response) {
        if (response.ok) {
          return readJson(response).then(function (record) {
            if (!namesEntry(record, entry)) return { result: "wait", status: response.status };
            return { result: "sent", record: record, status: response.status };
          });
        }
        if (FINAL_FAILURES.indexOf(response.status) >= 0 || isServerProblem(response)) {
          return readJson(response).then(function (problem) {
            return { result: "failed", problem: problem, status: response.status };
          });
        }
        return { result: "wait", status: response.status }; // 401/403 (sign in again), 429, 5xx
      },
      function () {
        return { result: "wait", status: 0 }; // no signal, timed out, or the response was lost
      }
    );
  }

  function settle(entry, outcome) {
    if (outcome.result === "sent") return remove(entry.user, entry.client_uuid);
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

  // The workers found on site as typed, one a line: "ID number" or "ID number, name".
  function workersFrom(text) {
    return String(text || "").split("\n").map(function (line) { return line.trim(); }).filter(Boolean).map(function (line) {
      var comma = line.indexOf(",");
      if (comma < 0) return { id_number: line };
      return { id_number: line.slice(0, comma).trim(), name: line.slice(comma + 1).trim() };
    });
  }

  // The operation shown as running on the page (detection:running-operation), or null.
  function runningOperation() {
    var running = typeof document !== "undefined" && document.getElementById("running-operation");
    return running ? Number(running.dataset.operationId) : null;
  }

  var core = {
    SYNC_TAG: SYNC_TAG,
    openDatabase: openDatabase,
    newUuid: newUuid,
    put: put,
    get: get,
    remove: remove,
    entriesOf: entriesOf,
    removeEntriesOf: removeEntriesOf,
    countAll: countAll,
    getSession: getSession,
    setSession: setSession,
    pagesCache: pagesCache,
    dropPages: dropPages,
    signOut: signOut,
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

  // Every entry of the signed-in officer, or only those of one kind ("detection" for the
  // entries made before kinds existed).
  function list(kind) {
    return entriesOf(user).then(function (entries) {
      if (!kind) return entries;
      return entries.filter(function (entry) {
        return (entry.kind || "detection") === kind;
      });
    });
  }

  function count() {
    return list(null).then(function (entries) {
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
    if (!body || body.latitude == null || body.longitude == null || !body.outcome) {
      return Promise.reject(new TypeError("Nforce outbox: latitude, longitude and outcome are required"));
    }
    var stamped = Object.assign({ observed_at: new Date().toISOString() }, body);
    return enqueueTo("detection", null, stamped, options);
  }

  // Any kind of entry (see the top of this file): POSTed to `url` (null: the detections API)
  // with `body` as JSON, until the server's answer names its client_uuid.
  function enqueueTo(kind, url, body, options) {
    if (!user) return Promise.reject(new Error("Nforce outbox: nobody is logged in"));
    var uuid = body.client_uuid || newUuid();
    var entry = {
      client_uuid: uuid,
      user: String(user),
      kind: kind,
      url: url,
      body: Object.assign({}, body, { client_uuid: uuid }),
      photo: (options && options.photo) || null,
      about: (options && options.about) || null, // what the page shows it under (never sent)
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
    return remove(user, uuid).then(function () {
      announce("discarded", { client_uuid: uuid });
    });
  }

  function retry(uuid) {
    return get(user, uuid).then(function (entry) {
      if (!entry) return null;
      return put(Object.assign({}, entry, { state: "pending", problem: null })).then(pageFlush);
    });
  }

  function delay(milliseconds) {
    return new Promise(function (resolve) {
      setTimeout(resolve, milliseconds);
    });
  }

  // -> "stay" | "keep" | "delete". The dialog in base.html; "stay" unless a choice is made.
  function askAboutUnsent(unsent) {
    var dialog = document.getElementById("unsent-dialog");
    if (!dialog || !dialog.showModal) return Promise.resolve("keep"); // no <dialog>: nothing is deleted
    dialog.querySelector("[data-unsent-count]").textContent = String(unsent);
    dialog.returnValue = "";
    dialog.showModal();
    return new Promise(function (resolve) {
      dialog.addEventListener(
        "close",
        function () {
          resolve(dialog.returnValue || "stay");
        },
        { once: true }
      );
    });
  }

  // Logging out: send what can be sent; if some of the officer's own records are still on the
  // phone, they choose: stay signed in, keep them here for their next sign-in, or delete them.
  // Other officers' entries are never touched.
  function guardLogout(form) {
    var busy = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) return;
      busy = true;
      Promise.race([pageFlush(), delay(8000)])
        .then(count)
        .catch(function () {
          return 0; // the outbox cannot be read: nothing is deleted, whatever is there stays
        })
        .then(function (unsent) {
          return unsent > 0 ? askAboutUnsent(unsent) : "keep";
        })
        .then(function (choice) {
          if (choice === "stay") {
            busy = false;
            return null;
          }
          var deleting = choice === "delete" ? removeEntriesOf(user) : Promise.resolve();
          return deleting
            .then(signOut)
            .catch(function () {})
            .then(function () {
              form.submit(); // submit() does not fire "submit": no loop
            });
        });
    });
  }

  // On the sign-in page: the records of signed-out officers that wait on this phone, as a
  // number only, so that nobody wipes the phone's data unaware of them.
  function showWaiting() {
    var note = document.querySelector("[data-outbox-waiting]");
    if (!note) return Promise.resolve();
    return countAll().then(function (waiting) {
      note.hidden = waiting === 0;
      note.textContent = (note.dataset.label || "{count}").replace("{count}", String(waiting));
    });
  }

  function startSignedIn() {
    var session = { user: String(user), csrf: csrfToken(), url: settings.url || "/api/v1/detections" };
    setSession(session)
      .then(function () {
        return dropPages(user); // pages kept for an officer signed in before: their session is over
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

  function start() {
    document.querySelectorAll("form[data-guard-unsent]").forEach(guardLogout);
    if (user) {
      startSignedIn();
    } else if (document.body && "signedOut" in document.body.dataset) {
      // The server answered this page live, to nobody: whoever was signed in here is not any
      // more (logged out, or the session expired). A kept offline page never says so.
      signOut().then(showWaiting).catch(function () {});
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
    enqueueTo: enqueueTo,
    flush: pageFlush,
    list: list,
    count: count,
    discard: discard,
    retry: retry,
    newUuid: newUuid,
    workersFrom: workersFrom,
    runningOperation: runningOperation,
    problemText: problemText,
    EVENT: changedEvent,
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(self);
