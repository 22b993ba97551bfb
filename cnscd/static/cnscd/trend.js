// Draw the monthly trend from the JSON the page carries (no inline script: CSP).
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("trend-chart");
  const source = document.getElementById("trend-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  const points = JSON.parse(source.textContent);
  const label = (month) => month.slice(5) + "/" + month.slice(0, 4);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: points.map((p) => label(p.month)),
      datasets: [{ data: points.map((p) => p.rate), borderColor: "#0b5cad", tension: 0.2,
                   pointRadius: 2, spanGaps: true }],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { y: { min: 0, max: 100, ticks: { callback: (v) => v + "%" } } },
    },
  });
});
