// Report charts: data arrives through json_script (#report-charts); CSP forbids inline script.
(function () {
  "use strict";
  var palette = ["#1d3557", "#d4351c", "#00703c", "#f47738", "#5694ca", "#912b88", "#85994b", "#6f777b"];

  function draw(chart) {
    var canvas = document.getElementById("chart-" + chart.key);
    if (!canvas) { return; }
    var line = chart.kind === "line";
    var y = { beginAtZero: true };
    if (chart.percent) { y.max = 100; y.ticks = { callback: function (v) { return v + "%"; } }; }
    new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: {
        labels: chart.labels,
        datasets: chart.datasets.map(function (d, i) {
          var colour = palette[i % palette.length];
          return { label: d.label, data: d.data, backgroundColor: colour, borderColor: colour, spanGaps: true };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: y },
        plugins: {
          legend: { display: chart.datasets.length > 1 },
          tooltip: { callbacks: { label: function (c) {
            if (c.raw === null) { return c.dataset.label + ": not shown"; }
            return c.dataset.label + ": " + c.raw + (chart.percent ? "%" : "");
          } } }
        }
      }
    });
  }

  function start() {
    var holder = document.getElementById("report-charts");
    if (!holder || !window.Chart) { return; }
    JSON.parse(holder.textContent).forEach(draw);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
