// The programme's trend: the share of each grade across rounds (data from json_script; CSP allows no inline script).
(function () {
  "use strict";
  const source = document.getElementById("trend-data");
  const canvas = document.getElementById("trend-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const colours = { good: "#00703c", adequate: "#1d70b8", requires_improvement: "#f47738", inadequate: "#d4351c" };
  const names = { good: "Good", adequate: "Adequate", requires_improvement: "Requires improvement", inadequate: "Inadequate" };
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: Object.keys(data.series).map((grade) => ({
        label: names[grade],
        data: data.series[grade],
        borderColor: colours[grade],
        backgroundColor: colours[grade],
        spanGaps: true,
      })),
    },
    options: { scales: { y: { min: 0, max: 100, title: { display: true, text: "% of cases graded" } } } },
  });
})();
