// Background jobs: keep each progress bar current until its job ends, then show the result (reload the page).
(function () {
  function paint(box, s) {
    var bar = box.querySelector(".job-bar");
    bar.style.width = s.percent + "%";
    bar.textContent = s.percent + "%";
    box.querySelector(".job-message").textContent = s.message || "";
    box.querySelector(".job-state").textContent = s.status_label;
  }
  document.querySelectorAll(".job-progress").forEach(function (box) {
    var bar = box.querySelector(".job-bar");
    bar.style.width = bar.getAttribute("data-width") + "%";
    if (box.getAttribute("data-job-finished") === "1") return;
    var url = box.getAttribute("data-job-status");
    function poll() {
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (s) {
          paint(box, s);
          if (s.finished) { window.location.reload(); } else { setTimeout(poll, 1000); }
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 500);
  });
})();
