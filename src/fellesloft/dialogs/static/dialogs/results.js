/* The participation chart on the results page (Chart.js from our own static files). The table
   beside it has the same figures, so the page works without this script; the opinion map is
   drawn on the server. */
(function () {
  "use strict";
  var source = document.getElementById("dialog-chart-data");
  if (!source || !window.Chart) {
    return;
  }
  var data = JSON.parse(source.textContent);
  // Colours that stay apart for colour-blind readers (Okabe–Ito).
  var palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

  document.querySelectorAll("canvas.participation-chart").forEach(function (canvas) {
    var chart = data[canvas.dataset.chart];
    if (!chart) {
      return;
    }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.participation.map(function (day) { return day.date; }),
        datasets: [
          {
            label: chart.series.votes,
            data: chart.participation.map(function (day) { return day.votes; }),
            backgroundColor: palette[0]
          },
          {
            label: chart.series.participants,
            data: chart.participation.map(function (day) { return day.participants; }),
            backgroundColor: palette[1]
          }
        ]
      },
      options: { animation: false }
    });
  });
})();
