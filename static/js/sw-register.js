// Registers the service worker (offline shell, outbox sending) for the whole site.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) return;
  var url = script.dataset.sw;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function (error) {
      // Without it the app still works online; the outbox is then sent by the page alone.
      if (window.console) window.console.warn("Nforce: service worker not registered", error);
    });
  });
})();
