/* Draws the mission's charts with Chart.js from the JSON in <script type="application/json">
   elements (written by Django's json_script). Every chart has a data table beside it; without
   JavaScript the chart stays hidden and the table is what people see. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  var COLORS = ["#1e5a8c", "#b3541e", "#2f7d32", "#6a3d9a", "#7a5c00", "#a3224a"];
  var locale = document.documentElement.lang === "en" ? "en-GB" : "nb-NO";

  // The percent pattern comes with the chart (core/numbers.py): «9,5 %» / «9.5%».
  function format(value, chart) {
    if (value === null || value === undefined) {
      return "–";
    }
    var text = value.toLocaleString(locale, { maximumFractionDigits: 2 });
    if (chart.unit === "%") {
      return (chart.percent || "{} %").replace("{}", text);
    }
    return chart.unit ? text + "\u00a0" + chart.unit : text;
  }

  function datasets(chart) {
    return chart.series.map(function (series, index) {
      var color = COLORS[index % COLORS.length];
      return {
        label: series.label,
        data: series.values,
        borderColor: color,
        backgroundColor: color,
        borderDash: series.dashed ? [6, 4] : [],
        pointRadius: series.dashed ? 0 : 4,
        spanGaps: true,
        tension: 0
      };
    });
  }

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var chart = JSON.parse(source.textContent);
    if (!chart.labels || chart.labels.length === 0) {
      return;
    }
    var horizontal = chart.type === "bar";
    if (horizontal) {
      container.setAttribute("data-kind", "bar");
      container.style.height = Math.max(12, chart.labels.length * 1.4 + 4) + "rem";
    }
    container.hidden = false;
    var valueAxis = {
      beginAtZero: horizontal,
      ticks: {
        callback: function (value) {
          return format(value, chart);
        }
      }
    };
    new window.Chart(container.querySelector("canvas"), {
      type: chart.type,
      data: { labels: chart.labels, datasets: datasets(chart) },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        locale: locale,
        scales: horizontal ? { x: valueAxis } : { y: valueAxis },
        plugins: {
          legend: { display: !horizontal || chart.series.length > 1 },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.dataset.label + ": " + format(context.parsed[horizontal ? "x" : "y"], chart);
              }
            }
          }
        }
      }
    });
  }

  document.querySelectorAll("[data-chart]").forEach(draw);
})();
