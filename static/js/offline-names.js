// Reading the check box with no signal, exactly as the server reads it: registry/names.py
// (name_key) and registry/identifiers (compact, the old SSM form) ported line by line, and the
// answers an area pack can give. Pure: no page, no storage. tests/registry/test_offline_parity.py
// runs it under Node against the Python on a table of examples, so the two cannot drift apart.
(function (scope) {
  "use strict";

  // registry.names.COMPANY_WORDS (the parity test compares the two lists).
  var COMPANY_WORDS = [
    "BERHAD", "BHD", "CO", "COMPANY", "ENT", "ENTERPRISE", "ENTERPRISES", "INC", "LIMITED", "LLP",
    "LTD", "PERNIAGAAN", "PLT", "SDN", "SENDIRIAN", "TRADING",
  ];
  var ABBREVIATIONS = [
    [/\bS\s*\/\s*B\b/g, " SDN BHD "],
    [/\(\s*M\s*\)/g, " "],
    [/&\s*CO\b/g, " CO "],
  ];
  var APOSTROPHES = /['`\u2019]/g;
  var MAX_LENGTH = 200;
  var SEPARATORS = /[\s-]+/g; // registry.identifiers.invalid._SEPARATORS
  var EMPLOYER_CODE = /^[A-Z0-9]{12}$/;
  var SSM_NEW = /^[0-9]{12}$/;
  var SSM_OLD = /^([0-9]{1,10})([A-Z])$/;
  var MYKAD_SHAPE = /^\s*[0-9]{6}\s*-\s*[0-9]{2}\s*-\s*[0-9]{4}\s*$/;

  function stripAccents(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "");
  }

  function fold(text) {
    var upper = stripAccents(text).toUpperCase();
    ABBREVIATIONS.forEach(function (pair) {
      upper = upper.replace(pair[0], pair[1]);
    });
    upper = upper.replace(APOSTROPHES, "");
    return upper.replace(/[^\p{L}\p{N}]/gu, " ");
  }

  // registry.names.name_key
  function nameKey(text) {
    var tokens = fold(text).split(" ").filter(Boolean);
    var kept = tokens.filter(function (token) {
      return COMPANY_WORDS.indexOf(token) < 0;
    });
    return (kept.length ? kept : tokens).join(" ").slice(0, MAX_LENGTH);
  }

  function compact(text) {
    return text.replace(SEPARATORS, "").toUpperCase();
  }

  // The SSM numbers in the text, as the registry stores them ("1312525-A" for the old form).
  function ssmNumbers(text) {
    return text.split(/[()/;,|]+/).map(compact).filter(Boolean).map(function (bare) {
      if (SSM_NEW.test(bare)) return { kind: "ssm_new", value: bare };
      var old = SSM_OLD.exec(bare);
      return old ? { kind: "ssm_old", value: old[1] + "-" + old[2] } : null;
    }).filter(Boolean);
  }

  // --- the pack's index ------------------------------------------------------------------

  // pack: {columns, employers: [[...]]} -> maps by code, SSM numbers, name key and name word.
  function buildIndex(pack) {
    var at = {};
    pack.columns.forEach(function (name, position) {
      at[name] = position;
    });
    var index = { code: new Map(), ssm_new: new Map(), ssm_old: new Map(), key: new Map(), word: new Map() };
    pack.employers.forEach(function (row) {
      var employer = {
        code: row[at.code], ssm_new: row[at.ssm_new], ssm_old: row[at.ssm_old], name: row[at.name],
        keys: row[at.keys], status: row[at.status], last_paid: row[at.last_paid],
      };
      index.code.set(employer.code, employer);
      if (employer.ssm_new) index.ssm_new.set(employer.ssm_new, employer);
      if (employer.ssm_old) index.ssm_old.set(employer.ssm_old, employer);
      var words = new Set();
      employer.keys.split("|").forEach(function (key) {
        if (!key) return;
        addTo(index.key, key, employer);
        key.split(" ").forEach(function (word) {
          words.add(word);
        });
      });
      words.forEach(function (word) {
        addTo(index.word, word, employer);
      });
    });
    return index;
  }

  // Each employer comes once per key or word (the caller dedupes): a plain push, not a search
  // of a list that holds half the pack for a word like KEDAI.
  function addTo(map, key, employer) {
    var found = map.get(key);
    if (!found) map.set(key, [employer]);
    else if (found[found.length - 1] !== employer) found.push(employer);
  }

  // -> {kind: "code" | "ssm" | "name" | "person" | "empty", matches: [employer...]}
  // "person": a MyKad-shaped text; workers are never in a pack.
  function lookup(index, text) {
    var bare = compact(text || "");
    if (!bare) return { kind: "empty", matches: [] };
    if (MYKAD_SHAPE.test(text)) return { kind: "person", matches: [] };
    var numbers = [];
    if (EMPLOYER_CODE.test(bare) && index.code.has(bare)) numbers.push(index.code.get(bare));
    ssmNumbers(text).forEach(function (number) {
      var found = index[number.kind].get(number.value);
      if (found && numbers.indexOf(found) < 0) numbers.push(found);
    });
    if (numbers.length) return { kind: EMPLOYER_CODE.test(bare) && index.code.has(bare) ? "code" : "ssm", matches: numbers };
    if (/^[0-9]+$/.test(bare) || (EMPLOYER_CODE.test(bare) && /[0-9]/.test(bare))) {
      return { kind: "code", matches: [] }; // a number the pack does not hold
    }
    return { kind: "name", matches: byName(index, nameKey(text)) };
  }

  // The exact key first (the signboard as registered); else every typed word in the name.
  function byName(index, key) {
    if (!key) return [];
    if (index.key.has(key)) return index.key.get(key).slice(0, 10);
    var words = key.split(" ");
    var candidates = index.word.get(words[0]) || [];
    return candidates.filter(function (employer) {
      var own = employer.keys.replace("|", " ").split(" ");
      return words.every(function (word) {
        return own.indexOf(word) >= 0;
      });
    }).slice(0, 10);
  }

  var api = { COMPANY_WORDS: COMPANY_WORDS, nameKey: nameKey, compact: compact, ssmNumbers: ssmNumbers, buildIndex: buildIndex, lookup: lookup };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else scope.NforceNames = api;
})(typeof self !== "undefined" ? self : this);
