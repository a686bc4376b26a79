// The catalogue's "Comparer (n)" button counts the ticked services (the form works without it).
(function () {
  "use strict";
  var form = document.getElementById("compare-form");
  var button = document.getElementById("compare-button");
  if (!form || !button) { return; }
  var label = form.getAttribute("data-compare-label") || "Comparer (__N__)";
  function update() {
    var n = form.querySelectorAll('input[name="ids"]:checked').length;
    button.textContent = label.replace("__N__", String(n));
  }
  form.addEventListener("change", update);
  update();
}());
