/* Check in / check out: when the officer allows it, the browser's location fills the hidden
   "location" field before the form is sent. Without permission (or without GPS) the form is sent
   as it is: the location is optional. */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form.geo-form");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (event) {
      var field = form.querySelector('input[name="location"]');
      if (!field || field.value || !navigator.geolocation || form.dataset.asked) { return; }
      event.preventDefault();
      form.dataset.asked = "1";
      var status = form.querySelector(".geo-status");
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      if (status) { status.textContent = "Getting your location…"; }
      var send = function () { if (button) { button.disabled = false; } form.submit(); };
      navigator.geolocation.getCurrentPosition(function (pos) {
        field.value = pos.coords.latitude.toFixed(5) + "," + pos.coords.longitude.toFixed(5);
        send();
      }, send, { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 });
    });
  });
})();
