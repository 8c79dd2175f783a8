// Shared by every page: CSRF header for htmx requests. No inline script anywhere (CSP).
(function () {
  "use strict";
  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });
  window.Nforce = window.Nforce || {};
  window.Nforce.csrfToken = csrfToken;
})();
