// One assignment: the outcome form takes the phone's position (hidden fields) before it is sent.
(function () {
  "use strict";

  var form = document.getElementById("outcome-form");
  if (!form) {
    return;
  }
  var labels = JSON.parse(document.getElementById("position-labels").textContent);
  var status = document.getElementById("outcome-position");
  var latitude = form.querySelector("input[name=latitude]");
  var longitude = form.querySelector("input[name=longitude]");

  if (!navigator.geolocation) {
    status.textContent = labels.failed;
    return;
  }
  navigator.geolocation.getCurrentPosition(
    function (position) {
      latitude.value = position.coords.latitude.toFixed(6);
      longitude.value = position.coords.longitude.toFixed(6);
      status.textContent = labels.taken.replace("{metres}", Math.round(position.coords.accuracy));
    },
    function () {
      status.textContent = labels.failed;
    },
    { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 }
  );
})();
