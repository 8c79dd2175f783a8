// Nforce service worker. Served at /sw.js by detection/pwa.py, which puts self.NFORCE_SW (the
// configuration: version, files to precache) and importScripts(outbox.js) in front of this.
//
// - App shell: static files and the offline page are precached per version, shared by every
//   officer (they hold nobody's data). Pages that say so (header X-Nforce-Offline: shell) are
//   kept as they are fetched, to be opened with no signal, in a cache of the officer they were
//   made for (header X-Nforce-User), and only while that officer is the one signed in on the
//   phone (the outbox's session); they are shown to nobody else.
// - The kept pages go when the session ends: logout, a live page answered to nobody (both in
//   outbox.js), or a kept page the server now answers with a redirect (to the sign-in page).
// - Never cached: /api/ and the other network-only paths (registry and personal data, photos),
//   other origins (map tiles), anything but GET.
// - A new version replaces the caches. The outbox is in IndexedDB, which no version touches.
// - It sends the outbox too: on Background Sync, and when a page asks.
/* global NforceOutboxCore */
(function () {
  "use strict";

  var CONFIG = self.NFORCE_SW;
  var SHELL = "nforce-shell-" + CONFIG.version;
  var outbox = NforceOutboxCore;
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
            return name.indexOf("nforce-") === 0 && name !== SHELL && !isCurrentPages(name);
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

  function isCurrentPages(name) {
    var suffix = "-" + CONFIG.version;
    return name.indexOf("nforce-pages-") === 0 && name.slice(-suffix.length) === suffix;
  }

  function pagesOf(user) {
    return outbox.pagesCache(user, CONFIG.version);
  }

  function signedInUser() {
    return outbox
      .getSession()
      .then(function (session) {
        return (session && session.user) || null;
      })
      .catch(function () {
        return null;
      });
  }

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

  // Kept only for the officer the page was made for, and only while they are signed in here:
  // checked when the answer arrives, so that a page still on its way at logout is not kept.
  function keep(path, response) {
    if (!keepable(response)) return Promise.resolve();
    var owner = response.headers.get(CONFIG.user_header);
    var copy = response.clone();
    return signedInUser().then(function (user) {
      if (!owner || owner !== user) return null;
      return caches.open(pagesOf(user)).then(function (cache) {
        return cache.put(path, copy);
      });
    });
  }

  // A page kept for this officer that the server now answers with a redirect: the session it
  // was kept under is over (expired, or ended elsewhere). Drop it, and every other kept page.
  function sessionEnded(response) {
    return response.type === "opaqueredirect" || response.redirected;
  }

  function navigation(request) {
    var path = request.url.split("?")[0];
    var kept = signedInUser().then(function (user) {
      if (!user) return undefined; // nobody signed in: no officer's page is shown
      return caches.open(pagesOf(user)).then(function (cache) {
        return cache.match(request, { ignoreSearch: true, ignoreVary: true });
      });
    });
    var fromNetwork = fetch(request).then(function (response) {
      if (sessionEnded(response)) {
        kept.then(function (copy) {
          return copy ? outbox.signOut() : null;
        }).catch(function () {});
      } else {
        keep(path, response).catch(function () {});
      }
      return response;
    });
    return kept.then(function (copy) {
      var attempt = copy ? raceTimeout(fromNetwork, NAVIGATION_TIMEOUT_MS) : fromNetwork;
      return attempt.catch(function () {
        return copy || keptTwin(path) || caches.match(CONFIG.offline_page, { cacheName: SHELL });
      });
    });
  }

  // Offline twins (CONFIG.fallbacks: [prefix, kept page]): "My premises" and its assignments,
  // with no signal, open as the kept page that renders them from the phone's own data.
  function keptTwin(path) {
    var pathname = new URL(path).pathname;
    var twin = (CONFIG.fallbacks || []).find(function (pair) {
      return pathname.indexOf(pair[0]) === 0;
    });
    if (!twin) return null;
    return signedInUser().then(function (user) {
      if (!user) return undefined;
      return caches.open(pagesOf(user)).then(function (cache) {
        return cache.match(twin[1], { ignoreVary: true });
      });
    }).then(function (found) {
      return found || caches.match(CONFIG.offline_page, { cacheName: SHELL });
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
    return signedInUser().then(function (user) {
      if (!user) return null;
      return caches.open(pagesOf(user)).then(function (cache) {
        return Promise.all(
          CONFIG.pages.map(function (path) {
            return cache.match(path, { ignoreVary: true }).then(function (hit) {
              if (hit) return null;
              return fetch(path, { credentials: "same-origin" })
                .then(function (response) {
                  return keep(path, response);
                })
                .catch(function () {});
            });
          })
        );
      });
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
    return outbox.flush(tellPages);
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
