// Indicators charts: districts side by side for the worst standards, and one standard's trend.
// Data arrives through json_script (#indicator-data); CSP forbids inline script.
(function () {
  "use strict";
  var palette = ["#1d3557", "#d4351c", "#00703c", "#f47738", "#5694ca", "#912b88", "#85994b", "#6f777b", "#28a197", "#b58840"];

  function colour(i) { return palette[i % palette.length]; }

  function percentAxis() {
    return { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } };
  }

  function drawDistricts(data) {
    var canvas = document.getElementById("district-chart");
    if (!canvas || !data.standards.length) { return; }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.standards,
        datasets: data.districts.map(function (d, i) {
          return { label: d.name, data: d.rates, backgroundColor: colour(i) };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: percentAxis() },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + (c.raw === null ? "none due" : c.raw + "%"); } } } }
      }
    });
  }

  function drawTrend(data) {
    var canvas = document.getElementById("trend-chart");
    if (!canvas || !data.trend) { return; }
    var datasets = [{ label: "Force", data: data.trend.force, borderColor: "#0b0c0c", backgroundColor: "#0b0c0c", borderWidth: 3, spanGaps: true }];
    data.trend.districts.forEach(function (d, i) {
      datasets.push({ label: d.name, data: d.rates, borderColor: colour(i), backgroundColor: colour(i), borderWidth: 1.5, borderDash: [4, 3], spanGaps: true });
    });
    new window.Chart(canvas, {
      type: "line",
      data: { labels: data.trend.months, datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: percentAxis() } }
    });
  }

  function autoSubmitTrend() {
    var select = document.getElementById("trend-standard");
    if (select) { select.addEventListener("change", function () { select.form.submit(); }); }
  }

  function start() {
    var holder = document.getElementById("indicator-data");
    if (!holder || !window.Chart) { return; }
    var data = JSON.parse(holder.textContent);
    drawDistricts(data);
    drawTrend(data);
    autoSubmitTrend();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
