// Dashboard: the trend charts (data from json_script), tooltips, and the year picker.
(function () {
  "use strict";
  const COLOURS = ["#0d6efd", "#adb5bd"]; // this year, the previous year

  function drawChart(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const numbers = new Intl.NumberFormat(document.documentElement.lang || "vi");
    canvas.chart = new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map((s, i) => ({
          label: s.label,
          data: s.data,
          borderColor: COLOURS[i % COLOURS.length],
          backgroundColor: COLOURS[i % COLOURS.length],
          borderWidth: i === 0 ? 3 : 2,
          borderDash: i === 0 ? [] : [6, 4],
          pointRadius: 2,
          tension: 0.2,
        })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true, ticks: { callback: (v) => numbers.format(v) } } },
        plugins: { legend: { position: "bottom" } },
      },
    });
    canvas.dataset.drawn = "1";
  }

  function ready() {
    document.querySelectorAll("canvas[data-chart]").forEach(drawChart);
    if (window.bootstrap) {
      document.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(
        (el) => new bootstrap.Tooltip(el),
      );
    }
    const year = document.getElementById("year");
    if (year) year.addEventListener("change", () => year.form.submit());
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
