// The check page with no signal: answers employer codes, SSM numbers and names from the area
// pack kept on the phone (offline-names.js reads them as the server does), "offline answer,
// registry as of 1 Dec"; the officer records the check as usual (check.js, through the outbox).
// A text the pack cannot answer is kept, and asked of the server when the signal returns.
//
// The pack (GET /api/v1/registry/employers/pack) is synced each time the page opens with
// signal: the version the phone holds goes as `since`, and only what changed comes back. It is
// kept per officer (offline-store.js) and dropped at sign-out; past its max_age_hours it is not
// used, and the page says why.
(function () {
  "use strict";

  var config = document.getElementById("offline-check");
  if (!config || !window.NforceNames || !window.NforceKept) return;
  var strings = JSON.parse(document.getElementById("offline-strings").textContent);
  var user = document.body.dataset.user;
  var lang = document.documentElement.lang || undefined;
  var form = document.getElementById("check-form");
  var results = document.getElementById("results");
  var status = document.getElementById("pack-status");
  var pack = null;
  var index = null;
  // Check timing for the benchmark (bench/offline_check.py): Enter to answer on screen.
  window.NforceOfflineCheck = { answered: [] };

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? String(values[key]) : whole;
    });
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function day(iso) {
    return new Date(iso).toLocaleDateString(lang, { day: "numeric", month: "short" });
  }

  // --- the pack ------------------------------------------------------------------------------

  function tooOld(kept) {
    return Date.now() - Date.parse(kept.generated_at) > kept.max_age_hours * 3600 * 1000;
  }

  function showStatus() {
    if (!pack) {
      status.textContent = strings.no_pack;
    } else if (tooOld(pack)) {
      status.textContent = fill(strings.too_old, { date: day(pack.generated_at), hours: pack.max_age_hours });
    } else {
      var areas = pack.areas.map(function (area) {
        return area.code;
      }).join(", ");
      status.textContent = fill(strings.pack, { count: pack.employers.length, areas: areas || "—", date: day(pack.generated_at) });
    }
    status.dataset.pack = pack ? String(pack.employers.length) : "";
  }

  function use(kept) {
    pack = kept;
    index = kept ? window.NforceNames.buildIndex(kept) : null;
    showStatus();
  }

  // A delta onto the kept pack: drop what it names as removed, put what it sends. A count that
  // does not agree with the server's means the two drifted apart: take the whole pack again.
  function applied(kept, answer) {
    var next = {
      version: answer.version, as_of: answer.as_of, generated_at: answer.generated_at,
      max_age_hours: answer.max_age_hours, areas: answer.areas, columns: answer.columns,
    };
    if (answer.full || !kept) return Object.assign(next, { employers: answer.employers });
    var byCode = new Map();
    kept.employers.forEach(function (row) {
      byCode.set(row[0], row);
    });
    answer.removed.forEach(function (code) {
      byCode.delete(code);
    });
    answer.employers.forEach(function (row) {
      byCode.set(row[0], row);
    });
    if (byCode.size !== answer.total) return null;
    return Object.assign(next, { employers: Array.from(byCode.values()) });
  }

  function download(since) {
    var url = config.dataset.packUrl + (since ? "?since=" + encodeURIComponent(since) : "");
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) throw new Error("pack: " + response.status);
      return response.json();
    });
  }

  function sync() {
    return download(pack && pack.version).then(function (answer) {
      var next = applied(pack, answer);
      return next || download("").then(function (whole) {
        return applied(null, whole);
      });
    }).then(function (next) {
      return window.NforceKept.put(user, "pack", next).then(function () {
        use(next);
      });
    });
  }

  // --- answering -----------------------------------------------------------------------------

  function card(employer) {
    var item = element("li", "", "result");
    item.appendChild(element("h3", employer.name));
    var line = item.appendChild(element("p"));
    var tone = employer.status === "registered_contributing" ? "ok" : employer.status === "ceased" ? "bad" : "warn";
    line.appendChild(element("span", strings.status[employer.status] || employer.status, "badge status-" + tone));
    if (employer.last_paid && employer.status !== "ceased") {
      line.appendChild(element("span", " " + fill(strings.last_paid, { month: employer.last_paid }), "help"));
    }
    var facts = item.appendChild(element("dl", "", "facts"));
    facts.appendChild(element("dt", strings.code));
    facts.appendChild(element("dd", employer.code, "mono"));
    var button = item.appendChild(element("button", strings.record, "record-check"));
    button.type = "button";
    button.dataset.employerCode = employer.code;
    button.dataset.outcome = employer.status;
    return item;
  }

  function show(nodes) {
    results.replaceChildren.apply(results, nodes);
  }

  function notice(text) {
    var box = element("div", "", "card notice");
    box.appendChild(element("p", text));
    box.dataset.offline = "yes";
    return box;
  }

  // Answers from the pack, or says why it cannot; a submitted text the pack does not hold is
  // kept for the signal (typing is answered too, and kept only on Enter).
  function answer(text, submitted) {
    if (!pack) return show([notice(strings.no_pack)]);
    if (tooOld(pack)) return show([notice(fill(strings.too_old, { date: day(pack.generated_at), hours: pack.max_age_hours }))]);
    var found = window.NforceNames.lookup(index, text);
    if (found.kind === "empty") return show([]);
    if (found.kind === "person") return show([notice(strings.person)]);
    if (!found.matches.length) {
      var message = found.kind === "name" ? strings.no_match : fill(strings.not_in_pack, { query: text.trim() });
      if (submitted) queue(text);
      return show([notice(message)]);
    }
    var said = element("p", fill(strings.answer, { date: day(pack.generated_at) }), "help");
    said.dataset.offlineAnswer = "yes";
    var list = element("ul", "", "results");
    found.matches.forEach(function (employer) {
      list.appendChild(card(employer));
    });
    show([said, list]);
  }

  function offline() {
    return navigator.onLine === false;
  }

  // Every search the page would send (typing, Enter, "Search") is answered here with no signal.
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt !== form || !offline()) return;
    event.preventDefault();
    var started = performance.now();
    var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    answer(form.elements.q.value, Boolean(trigger && trigger.type === "submit"));
    window.NforceOfflineCheck.answered.push(performance.now() - started);
  });

  // "Online" with no way through (a dead access point): the request fails; answer from the pack.
  document.body.addEventListener("htmx:sendError", function (event) {
    if (event.detail.elt === form) answer(form.elements.q.value, true);
  });

  // --- checks kept for the signal ------------------------------------------------------------

  // A twelve-digit number that is not a new SSM number may be a MyKad: never kept on the phone.
  function mayBeKept(text) {
    var bare = window.NforceNames.compact(text);
    return !/^[0-9]{12}$/.test(bare) || /^(18[5-9][0-9]|19[0-9]{2}|20[0-9]{2})0[1-6][0-9]{6}$/.test(bare);
  }

  function queue(text) {
    if (!mayBeKept(text)) return Promise.resolve();
    return window.NforceKept.get(user, "checks").then(function (kept) {
      var checks = kept ? kept.data : [];
      checks.push({ q: text.trim(), at: Date.now() });
      return window.NforceKept.put(user, "checks", checks);
    });
  }

  function askServer(check) {
    return fetch(config.dataset.searchUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": window.Nforce.csrfToken() },
      body: JSON.stringify({ q: check.q }),
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    });
  }

  function answerQueued() {
    return window.NforceKept.get(user, "checks").then(function (kept) {
      if (!kept || !kept.data.length) return null;
      var box = document.getElementById("queued-answers");
      box.replaceChildren(element("h2", strings.queued_answered));
      return kept.data.reduce(function (previous, check) {
        return previous.then(function () {
          return askServer(check).then(function (found) {
            box.appendChild(element("h3", check.q));
            var list = box.appendChild(element("ul", "", "results"));
            found.results.forEach(function (result) {
              list.appendChild(card({
                name: result.trading_name || result.name, code: result.employer_code,
                status: result.status, last_paid: result.last_paid_month,
              }));
            });
          });
        });
      }, Promise.resolve()).then(function () {
        return window.NforceKept.put(user, "checks", []);
      });
    }).catch(function () {}); // still no way through: they stay for the next time
  }

  function online() {
    sync().catch(showStatus);
    answerQueued();
  }

  window.NforceKept.get(user, "pack").then(function (kept) {
    use(kept ? kept.data : null);
    if (!offline()) online();
  }).catch(showStatus);
  window.addEventListener("online", online);
})();
