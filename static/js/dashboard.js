/* The dashboard's charts, drawn by the vendored Chart.js from the page's json_script data.
 * No inline script (the CSP allows only 'self'). Every bar shows its value next to it and opens the list
 * it counts; the years chart tells its series apart by border style as well as colour, and draws the list's size as a line on
 * its own axis so that removals stay visible, and the same
 * numbers are in the table under each chart for screen readers and print. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var lang = document.documentElement.lang || "vi";
  var locale = lang === "en" ? "en" : "vi-VN";  // "1.635" in Vietnamese, on the axes as in the labels
  var format = new Intl.NumberFormat(locale);
  var COLOURS = ["#1f5f8b", "#c0392b", "#5d6d7e"];
  var DASHES = [[], [6, 3], [2, 2]];

  // Writes each bar's value at its end, so the chart reads without colours or hovering.
  var valueLabels = {
    id: "valueLabels",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.font = "12px sans-serif";
      ctx.fillStyle = "#1b1b1b";
      chart.data.datasets.forEach(function (dataset, i) {
        chart.getDatasetMeta(i).data.forEach(function (bar, j) {
          var text = format.format(dataset.data[j]);
          if (chart.options.indexAxis === "y") {
            ctx.textAlign = "left"; ctx.textBaseline = "middle";
            ctx.fillText(text, bar.x + 4, bar.y);
          } else {
            ctx.textAlign = "center"; ctx.textBaseline = "bottom";
            ctx.fillText(text, bar.x, bar.y - 2);
          }
        });
      });
      ctx.restore();
    }
  };

  function openOnClick(urls) {
    return function (event, elements) {
      if (!elements.length) { return; }
      var url = urls[elements[0].datasetIndex][elements[0].index];
      if (url) { window.location.href = url; }
    };
  }

  function horizontal(id, spec) {
    var canvas = document.getElementById("chart-" + id);
    if (!canvas || !spec.values.length) { return; }
    canvas.parentNode.style.height = Math.max(160, 28 * spec.values.length + 40) + "px";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: [{ label: spec.title, data: spec.values, backgroundColor: COLOURS[0], borderColor: "#000", borderWidth: 1 }]
      },
      options: {
        indexAxis: "y",
        locale: locale,
        maintainAspectRatio: false,
        layout: { padding: { right: 48 } },
        plugins: { legend: { display: false } },
        onClick: openOnClick([spec.urls]),
        animation: false
      },
      plugins: [valueLabels]
    });
  }

  function years(spec) {
    var canvas = document.getElementById("chart-by_year");
    if (!canvas || !spec.labels.length) { return; }
    canvas.parentNode.style.height = "320px";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (series, i) {
          // The new and removed models are bars on the left axis, on their own scale; the list's size (ten or a
          // hundred times larger) a line on the right axis, so a year's few removals are not slivers beside it.
          // A removal or more always shows as a bar of at least 6 pixels (a zero as no bar: null, not a 6-pixel bar).
          var total = i === spec.series.length - 1;
          return {
            type: total ? "line" : "bar",
            yAxisID: total ? "y1" : "y",
            label: series.label,
            data: total ? series.values : series.values.map(function (v) { return v === 0 ? null : v; }),
            backgroundColor: total ? COLOURS[i] : COLOURS[i] + "cc",
            borderColor: total ? COLOURS[i] : "#000", borderWidth: total ? 2 : i + 1, borderDash: DASHES[i],
            minBarLength: 6, pointStyle: "rectRot", pointRadius: 4, order: total ? 0 : 1
          };
        })
      },
      options: {
        locale: locale,
        maintainAspectRatio: false,
        layout: { padding: { top: 20 } },
        plugins: { legend: { position: "bottom" } },
        scales: {
          y: { beginAtZero: true, position: "left", title: { display: true, text: spec.axis_changes } },
          y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false },
                title: { display: true, text: spec.axis_total } }
        },
        onClick: openOnClick(spec.series.map(function (s) { return s.urls; })),
        animation: false
      },
      plugins: [valueLabels]
    });
  }

  horizontal("by_field", data.by_field);
  horizontal("by_agency", data.by_agency);
  horizontal("by_unit", data.by_unit);
  years(data.by_year);
})();
