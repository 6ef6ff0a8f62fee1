/* Charts on the results page (Chart.js from our own static files). Every chart has a table
   beside it with the same figures, so the page works without this script. */
(function () {
  "use strict";
  var source = document.getElementById("dialog-chart-data");
  if (!source || !window.Chart) {
    return;
  }
  var data = JSON.parse(source.textContent);
  // Colours that stay apart for colour-blind readers (Okabe–Ito).
  var palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

  document.querySelectorAll("canvas.opinion-map").forEach(function (canvas) {
    var chart = data[canvas.dataset.chart];
    if (!chart) {
      return;
    }
    var datasets = chart.groups.map(function (label, index) {
      return {
        label: "Gruppe " + label,
        data: chart.points
          .filter(function (point) { return point[2] === index; })
          .map(function (point) { return { x: point[0], y: point[1] }; }),
        backgroundColor: palette[index % palette.length],
        pointRadius: 3
      };
    });
    new window.Chart(canvas, {
      type: "scatter",
      data: { datasets: datasets },
      options: {
        animation: false,
        scales: { x: { ticks: { display: false } }, y: { ticks: { display: false } } },
        plugins: { tooltip: { enabled: false } }
      }
    });
  });

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
            label: "Stemmer",
            data: chart.participation.map(function (day) { return day.votes; }),
            backgroundColor: palette[0]
          },
          {
            label: "Nye deltakere",
            data: chart.participation.map(function (day) { return day.participants; }),
            backgroundColor: palette[1]
          }
        ]
      },
      options: { animation: false }
    });
  });
})();
