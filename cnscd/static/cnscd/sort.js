// Sort a table.sortable by the clicked column. Cells carry data-sort with a
// plain number (or the server's Vietnamese order for names), so sorting never
// has to parse "1.234" or "66,7%". A second click reverses the order.
document.addEventListener("click", (event) => {
  const button = event.target.closest("table.sortable th button.sort");
  if (!button) return;
  const th = button.closest("th");
  const table = th.closest("table");
  const column = Array.from(th.parentNode.children).indexOf(th);
  const descending = th.getAttribute("aria-sort") !== "descending";
  table.querySelectorAll("th").forEach((cell) => cell.removeAttribute("aria-sort"));
  th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const value = (row) => parseFloat(row.cells[column].dataset.sort);
  rows.sort((a, b) => (descending ? value(b) - value(a) : value(a) - value(b)));
  rows.forEach((row) => body.appendChild(row));
});
