// A "Print" button (any element with data-print) prints the page; the print
// stylesheet in site.css leaves out navigation and forms.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
