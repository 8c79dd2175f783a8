// What a page keeps on the phone to work with no signal (IndexedDB "nforce-kept"): the
// inspector's "My premises" snapshot (with each premises' photo) and the officer's area pack.
//
// Per officer: a record's key is [user, kind] (user: the pk). Kept only for the officer signed in
// on the phone: a page of another officer drops everyone else's (dropOthers), and the end of a
// session (outbox.js signOut: logout, or a session found over) deletes the whole database.
// Needs outbox.js (NforceOutboxCore.openDatabase), loaded before it.
(function (scope) {
  "use strict";

  var DB_NAME = "nforce-kept";
  var STORE = "kept"; // keyPath [user, kind]: {user, kind, saved_at, data}
  var dbPromise = null;

  function openDb() {
    if (!dbPromise) {
      var upgrade = function (db) {
        db.createObjectStore(STORE, { keyPath: ["user", "kind"] });
      };
      dbPromise = scope.NforceOutboxCore.openDatabase(DB_NAME, 1, upgrade, function () {
        dbPromise = null; // a sign-out deletes the database: reopen (empty) on next use
      });
    }
    return dbPromise;
  }

  function run(mode, makeRequest) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = makeRequest(tx.objectStore(STORE));
        tx.oncomplete = function () {
          resolve(request && request.result);
        };
        tx.onerror = tx.onabort = function () {
          reject(tx.error);
        };
      });
    });
  }

  function put(user, kind, data) {
    var record = { user: String(user), kind: kind, saved_at: Date.now(), data: data };
    return run("readwrite", function (store) {
      return store.put(record);
    }).then(function () {
      return record;
    });
  }

  // -> {user, kind, saved_at, data} or undefined
  function get(user, kind) {
    if (!user) return Promise.resolve(undefined);
    return run("readonly", function (store) {
      return store.get([String(user), kind]);
    });
  }

  // Everything kept for officers other than `user`: they are not the one holding the phone.
  function dropOthers(user) {
    return run("readwrite", function (store) {
      var request = store.openCursor();
      request.onsuccess = function () {
        var cursor = request.result;
        if (!cursor) return;
        if (cursor.value.user !== String(user)) cursor.delete();
        cursor.continue();
      };
      return null;
    });
  }

  // "as of 08:42" (today) or "as of 1 Dec, 08:42", in the reader's language and time.
  function asOf(time, lang) {
    var when = new Date(time);
    var clock = when.toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    if (new Date().toDateString() === when.toDateString()) return clock;
    return when.toLocaleDateString(lang, { day: "numeric", month: "short" }) + ", " + clock;
  }

  scope.NforceKept = { put: put, get: get, dropOthers: dropOthers, asOf: asOf };

  if (typeof document !== "undefined" && document.body && document.body.dataset.user) {
    dropOthers(document.body.dataset.user).catch(function () {});
  }
})(self);
