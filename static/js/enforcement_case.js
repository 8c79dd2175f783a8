// One case: every action form takes the phone's position (hidden fields) before it is sent.
(function () {
  "use strict";

  var forms = document.querySelectorAll("form[data-case-action]");
  var status = document.getElementById("action-position");
  if (!forms.length || !status) {
    return;
  }
  var labels = JSON.parse(document.getElementById("position-labels").textContent);

  function fill(position) {
    forms.forEach(function (form) {
      form.querySelector("input[name=latitude]").value = position.coords.latitude.toFixed(6);
      form.querySelector("input[name=longitude]").value = position.coords.longitude.toFixed(6);
    });
    status.textContent = labels.taken.replace("{metres}", Math.round(position.coords.accuracy));
  }

  if (!navigator.geolocation) {
    status.textContent = labels.failed;
    return;
  }
  navigator.geolocation.getCurrentPosition(
    fill,
    function () {
      status.textContent = labels.failed;
    },
    { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 }
  );
})();
