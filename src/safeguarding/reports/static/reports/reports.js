// Report charts: data arrives through json_script (#report-charts); CSP forbids inline script.
(function () {
  "use strict";
  var palette = ["#1d3557", "#d4351c", "#00703c", "#f47738", "#5694ca", "#912b88", "#85994b", "#6f777b"];

  // a long category name on two or three lines, so a narrow chart does not cut it short
  function wrap(label) {
    if (label.length <= 22) { return label; }
    var lines = [""];
    label.split(" ").forEach(function (word) {
      var last = lines.length - 1;
      if (lines[last] && (lines[last] + " " + word).length > 22) { lines.push(word); } else { lines[last] = (lines[last] + " " + word).trim(); }
    });
    return lines;
  }

  function draw(chart) {
    var canvas = document.getElementById("chart-" + chart.key);
    if (!canvas) { return; }
    var line = chart.kind === "line";
    var y = { beginAtZero: true };
    var top = 0;
    chart.datasets.forEach(function (d) { d.data.forEach(function (v) { if (v !== null && v > top) { top = v; } }); });
    if (chart.percent) {
      // a scale that fits the data: on a 0-100% axis shares of 10% are unreadable
      y.max = Math.min(100, Math.max(10, Math.ceil(top * 1.15 / 10) * 10));
      y.ticks = { callback: function (v) { return v + "%"; } };
    }
    var datasets = chart.datasets.map(function (d, i) {
      var colour = palette[i % palette.length];
      return { label: d.label, data: d.data, backgroundColor: colour, borderColor: colour, spanGaps: true };
    });
    if (chart.reference !== null && chart.reference !== undefined) {
      // the line a ratio is read against (1 = the same rate as all children)
      datasets.push({
        type: "line", label: "Same rate as all children (" + chart.reference + ")",
        data: chart.labels.map(function () { return chart.reference; }),
        borderColor: "#d4351c", borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, fill: false
      });
    }
    // long category names read across, as in the PDF, rather than slanted under the bars
    var longest = 0;
    chart.labels.forEach(function (l) { if (l.length > longest) { longest = l.length; } });
    var across = !line && (longest > 16 || chart.labels.length * chart.datasets.length > 12);
    if (across) {
      // room for every category name (on up to three lines) and every bar
      var perLabel = Math.max(2.2, 0.6 * chart.datasets.length + 0.6);
      canvas.parentNode.style.height = Math.max(16, perLabel * chart.labels.length + 5) + "rem";
    }
    var categories = { ticks: { autoSkip: false } };
    var scales = across ? { x: y, y: categories } : { y: y, x: categories };
    new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: { labels: chart.labels.map(wrap), datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: across ? "y" : "x",
        scales: scales,
        plugins: {
          legend: { display: datasets.length > 1 },
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
