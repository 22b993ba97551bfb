// Live progress of an import job: poll its progress URL, update the bar, reload when done.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) return;
  var bar = box.querySelector("progress");
  var format = new Intl.NumberFormat(document.documentElement.lang || "vi");
  function show(data) {
    ["rows_done", "rows_total", "rows_rejected"].forEach(function (name) {
      var field = box.querySelector('[data-field="' + name + '"]');
      if (field) field.textContent = format.format(data[name]);
    });
    box.querySelector('[data-field="status_label"]').textContent = data.status_label;
    bar.max = Math.max(data.rows_total, 1);
    bar.value = data.rows_done;
  }
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        show(data);
        if (data.running) setTimeout(poll, 1000);
        else window.location.reload();
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 500);
})();
