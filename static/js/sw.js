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
//   other origins (but the map tiles of the user's areas: see "maps" below), anything but GET.
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

  // What this worker never answers (every method but GET: see the fetch handlers) goes straight
  // to the network, without a stop in the worker (Static Routing API; where it is missing, the
  // fetch handlers let these through as before). A field check's post would otherwise wait for
  // the worker to wake and hand it back: measured, 5-10 ms on a desktop (bench/field_check.py).
  var NETWORK_METHODS = ["POST", "PUT", "PATCH", "DELETE"];

  function routeAroundTheWorker(event) {
    if (!event.addRoutes) return Promise.resolve();
    var rules = NETWORK_METHODS.map(function (method) {
      return { condition: { requestMethod: method }, source: "network" };
    });
    // Called while the install event is dispatched: later the browser refuses new routes.
    try {
      return Promise.resolve(event.addRoutes(rules)).catch(function () {});
    } catch (refused) {
      return Promise.resolve(); // a browser that refuses the rules still has the fetch handlers
    }
  }

  self.addEventListener("install", function (event) {
    event.waitUntil(
      Promise.all([
        routeAroundTheWorker(event),
        caches.open(SHELL).then(function (cache) {
          return cache.addAll(CONFIG.precache);
        }),
      ]).then(function () {
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
            return name.indexOf("nforce-") === 0 && name !== SHELL && !isCurrentPages(name) && name !== TILES;
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
  // --- maps (docs/maps.md) ----------------------------------------------------------------
  // Kept apart from the rest so that the offline work and the maps change independently.
  // - The base layer (the user's areas and the office towns) is fetched from the network and
  //   kept with the user's pages (it carries X-Nforce-Offline), shown from there with no signal.
  // - With a tile server (MAP_TILE_URL), the tiles of the user's areas at MAP_OFFLINE_ZOOMS
  //   are kept in one cache, lowest zoom first, until MAP_OFFLINE_TILES_MB; a tile the page
  //   asks for is answered from there when kept. Tiles hold nobody's data: the cache stays at
  //   sign-out and across versions, and starts over when the areas, the server or the cap change.
  var MAPS = CONFIG.maps;
  var TILES = "nforce-tiles";
  var TILE_STATE = "/__nforce/tiles-state"; // a key of the tiles cache: what it holds, for whom
  var TILE_BATCH = 4;
  var tilePattern = MAPS.tile_url ? tileRegExp(MAPS.tile_url) : null;
  var keepingTiles = null;

  function tileRegExp(template) {
    var names = [];
    var source = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{(\w+)\\?\}/g, function (whole, name) {
      names.push(name);
      return name === "s" ? "[a-z0-9-]+" : name === "r" ? "(?:@2x)?" : "(\\d+)";
    });
    return { regexp: new RegExp("^" + source + "(?:\\?.*)?$"), names: names.filter(function (n) { return n !== "s" && n !== "r"; }) };
  }

  function tileUrl(z, x, y) {
    return MAPS.tile_url.replace("{s}", "a").replace("{r}", "").replace("{z}", z).replace("{x}", x).replace("{y}", y);
  }

  // The one key a tile is kept under, whichever subdomain the page asked it from.
  function tileKey(url) {
    var found = tilePattern && tilePattern.regexp.exec(url);
    if (!found) return null;
    var at = {};
    tilePattern.names.forEach(function (name, index) {
      at[name] = found[index + 1];
    });
    return tileUrl(at.z, at.x, at.y);
  }

  function mapLayer(request) {
    var path = request.url.split("?")[0];
    return fetch(request)
      .then(function (response) {
        keep(path, response).catch(function () {});
        return response;
      })
      .catch(function (error) {
        return signedInUser().then(function (user) {
          if (!user) throw error;
          return caches.open(pagesOf(user)).then(function (cache) {
            return cache.match(path, { ignoreVary: true }).then(function (kept) {
              if (!kept) throw error;
              return kept;
            });
          });
        });
      });
  }

  function tile(request, key) {
    return caches.open(TILES).then(function (cache) {
      return cache.match(key).then(function (kept) {
        return kept || fetch(request);
      });
    });
  }

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    if (request.method !== "GET") return;
    var url = new URL(request.url);
    if (url.origin === self.location.origin && url.pathname === MAPS.layer_url) {
      event.respondWith(mapLayer(request));
      return;
    }
    var key = tileKey(request.url);
    if (key) event.respondWith(tile(request, key));
  });

  // Tiles (x, y) at zoom z that cover a box [west, south, east, north] (Web Mercator).
  function tilesOver(box, z) {
    var n = Math.pow(2, z);
    function column(lon) {
      return Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
    }
    function row(lat) {
      var rad = (lat * Math.PI) / 180;
      return Math.min(n - 1, Math.max(0, Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)));
    }
    var found = [];
    for (var x = column(box[0]); x <= column(box[2]); x++) {
      for (var y = row(box[3]); y <= row(box[1]); y++) found.push(tileUrl(z, x, y));
    }
    return found;
  }

  function boxOf(geometry) {
    var box = [Infinity, Infinity, -Infinity, -Infinity];
    JSON.stringify(geometry.coordinates).replace(/\[(-?[\d.]+),(-?[\d.]+)\]/g, function (whole, lon, lat) {
      box = [Math.min(box[0], +lon), Math.min(box[1], +lat), Math.max(box[2], +lon), Math.max(box[3], +lat)];
      return whole;
    });
    return box;
  }

  // Lowest zoom first, so that the cap cuts the closest zooms, not the overview.
  function tilePlan(layer) {
    var areas = layer.features.filter(function (feature) {
      return feature.properties.kind === "area";
    });
    var seen = {};
    var plan = [];
    for (var z = MAPS.zooms[0]; z <= MAPS.zooms[1]; z++) {
      areas.forEach(function (area) {
        tilesOver(boxOf(area.geometry), z).forEach(function (url) {
          if (!seen[url]) plan.push(url);
          seen[url] = true;
        });
      });
    }
    var codes = areas.map(function (area) { return area.properties.code; }).sort();
    return { key: [MAPS.tile_url, MAPS.zooms.join("-"), MAPS.cap_bytes, codes.join(",")].join("|"), urls: plan };
  }

  function readState(cache) {
    return cache.match(TILE_STATE).then(function (kept) {
      return kept ? kept.json() : { key: null, bytes: 0, complete: false };
    });
  }

  function writeState(cache, state) {
    return cache.put(TILE_STATE, new Response(JSON.stringify(state), { headers: { "Content-Type": "application/json" } }));
  }

  // One tile: fetched with CORS (so that its size is known), kept if it fits under the cap.
  function fetchTile(cache, url, state) {
    return cache.match(url).then(function (kept) {
      if (kept || state.full) return null;
      return fetch(url, { mode: "cors", credentials: "omit" })
        .then(function (response) {
          if (!response.ok) throw new Error("tile " + response.status);
          return response.blob();
        })
        .then(function (blob) {
          if (state.bytes + blob.size > MAPS.cap_bytes) {
            state.full = true;
            return null;
          }
          state.bytes += blob.size;
          state.tiles += 1;
          return cache.put(url, new Response(blob, { headers: { "Content-Type": blob.type || "image/png" } }));
        });
    });
  }

  function fetchTiles(cache, plan, state) {
    var batches = [];
    for (var i = 0; i < plan.urls.length; i += TILE_BATCH) batches.push(plan.urls.slice(i, i + TILE_BATCH));
    return batches
      .reduce(function (previous, batch) {
        return previous.then(function () {
          if (state.full) return null;
          return Promise.all(batch.map(function (url) { return fetchTile(cache, url, state); })).then(function () {
            return writeState(cache, state); // a run cut short (no signal) resumes where it stopped
          });
        });
      }, Promise.resolve())
      .then(function () {
        state.complete = true;
        return writeState(cache, state);
      });
  }

  function startTiles(plan) {
    if (!plan.urls.length) return null; // a user with no area (an officer) leaves the tiles as they are
    return caches.open(TILES).then(function (cache) {
      return readState(cache).then(function (state) {
        if (state.key === plan.key && state.complete) return null;
        if (state.key === plan.key) return fetchTiles(cache, plan, state);
        return caches.delete(TILES).then(function () {
          return caches.open(TILES).then(function (fresh) {
            return fetchTiles(fresh, plan, { key: plan.key, bytes: 0, tiles: 0, full: false, complete: false });
          });
        });
      });
    });
  }

  function keepTiles() {
    if (!MAPS.tile_url || keepingTiles) return keepingTiles || Promise.resolve();
    keepingTiles = signedInUser()
      .then(function (user) {
        if (!user) return null;
        return mapLayer(new Request(MAPS.layer_url, { credentials: "same-origin" }))
          .then(function (response) {
            return response.json();
          })
          .then(function (layer) {
            return startTiles(tilePlan(layer));
          });
      })
      .catch(function () {}) // no signal: the next page opened tries again
      .then(function () {
        keepingTiles = null;
      });
    return keepingTiles;
  }

  self.addEventListener("message", function (event) {
    if ((event.data || {}).type === "warm") event.waitUntil(keepTiles());
  });
})();
