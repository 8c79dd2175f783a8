// Nforce service worker. Served at /sw.js by detection/pwa.py, which puts self.NFORCE_SW (the
// configuration: version, files to precache) and importScripts(outbox.js) in front of this.
//
// - App shell: static files and the offline page are precached per version; pages that say so
//   (header X-Nforce-Offline: shell) are kept as they are fetched, to be opened with no signal.
// - Never cached: /api/ and the other network-only paths (registry and personal data), other
//   origins (map tiles), anything but GET.
// - A new version replaces the caches. The outbox is in IndexedDB, which no version touches.
// - It sends the outbox too: on Background Sync, and when a page asks.
/* global NforceOutboxCore */
(function () {
  "use strict";

  var CONFIG = self.NFORCE_SW;
  var SHELL = "nforce-shell-" + CONFIG.version;
  var PAGES = "nforce-pages-" + CONFIG.version;
  // On a weak signal a navigation may hang; after this long a kept copy is shown instead.
  var NAVIGATION_TIMEOUT_MS = 10000;

  self.addEventListener("install", function (event) {
    event.waitUntil(
      caches
        .open(SHELL)
        .then(function (cache) {
          return cache.addAll(CONFIG.precache);
        })
        .then(function () {
          return self.skipWaiting();
        })
    );
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(
      caches
        .keys()
        .then(function (names) {
          var stale = names.filter(function (name) {
            return name.indexOf("nforce-") === 0 && name !== SHELL && name !== PAGES;
          });
          return Promise.all(stale.map(function (name) {
            return caches.delete(name);
          }));
        })
        .then(function () {
          return self.clients.claim();
        })
        .then(function () {
          // The kept pages went with the old caches: keep them again for the next dead zone.
          return warm().catch(function () {});
        })
    );
  });

  function networkOnly(url) {
    return CONFIG.network_only.some(function (prefix) {
      return url.pathname.indexOf(prefix) === 0;
    });
  }

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    var url = new URL(request.url);
    if (request.method !== "GET" || url.origin !== self.location.origin || networkOnly(url)) return;
    if (request.mode === "navigate") {
      event.respondWith(navigation(request));
    } else if (url.pathname.indexOf(CONFIG.static_prefix) === 0) {
      event.respondWith(staticFile(request));
    }
    // Everything else (htmx fragments, JSON) goes to the network untouched.
  });

  function staticFile(request) {
    return caches.match(request, { cacheName: SHELL }).then(function (cached) {
      if (cached) return cached;
      return fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(SHELL).then(function (cache) {
            cache.put(request, copy);
          });
        }
        return response;
      });
    });
  }

  function keepable(response) {
    return response && response.ok && !response.redirected && response.headers.get(CONFIG.offline_header) === "shell";
  }

  function navigation(request) {
    var kept = caches.open(PAGES).then(function (cache) {
      return cache.match(request, { ignoreSearch: true, ignoreVary: true });
    });
    var fromNetwork = fetch(request).then(function (response) {
      if (keepable(response)) {
        var copy = response.clone();
        caches.open(PAGES).then(function (cache) {
          cache.put(request.url.split("?")[0], copy);
        });
      }
      return response;
    });
    return kept.then(function (copy) {
      var attempt = copy ? raceTimeout(fromNetwork, NAVIGATION_TIMEOUT_MS) : fromNetwork;
      return attempt.catch(function () {
        return copy || caches.match(CONFIG.offline_page, { cacheName: SHELL });
      });
    });
  }

  function raceTimeout(promise, milliseconds) {
    return Promise.race([
      promise,
      new Promise(function (resolve, reject) {
        setTimeout(function () {
          reject(new Error("timeout"));
        }, milliseconds);
      }),
    ]);
  }

  // After a login the pages meant for offline use are fetched once, so that they open with no
  // signal even if the officer never visited them while online.
  function warm() {
    return caches.open(PAGES).then(function (cache) {
      return Promise.all(
        CONFIG.pages.map(function (path) {
          return cache.match(path, { ignoreVary: true }).then(function (hit) {
            if (hit) return null;
            return fetch(path, { credentials: "same-origin" })
              .then(function (response) {
                return keepable(response) ? cache.put(path, response) : null;
              })
              .catch(function () {});
          });
        })
      );
    });
  }

  function tellPages(kind, entry, outcome) {
    return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (pages) {
      pages.forEach(function (page) {
        page.postMessage({
          type: "nforce-outbox",
          kind: kind,
          entry: { client_uuid: entry.client_uuid },
          outcome: { result: outcome.result, status: outcome.status, record: outcome.record, problem: outcome.problem },
        });
      });
    });
  }

  function flushOutbox() {
    return NforceOutboxCore.flush(tellPages);
  }

  self.addEventListener("sync", function (event) {
    if (event.tag !== CONFIG.sync_tag) return;
    event.waitUntil(
      flushOutbox().then(function (summary) {
        // Rejecting asks the browser to fire the sync again later, with its own back-off.
        if (summary.waiting > 0) throw new Error("outbox: entries still waiting");
      })
    );
  });

  self.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "warm") {
      event.waitUntil(warm());
    } else if (data.type === "flush") {
      event.waitUntil(
        flushOutbox().then(function (summary) {
          if (event.source) event.source.postMessage({ type: "nforce-flushed", summary: summary });
        })
      );
    }
  });
})();
