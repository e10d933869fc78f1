// Indicators page: choosing another standard for the month-by-month chart shows it at once.
// The charts are drawn on the server (reports/svg.py); no script draws them.
(function () {
  "use strict";

  function autoSubmitTrend() {
    var select = document.getElementById("trend-standard");
    if (select) { select.addEventListener("change", function () { select.form.submit(); }); }
  }

  function start() {
    autoSubmitTrend();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
