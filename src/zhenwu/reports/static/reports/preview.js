// The report preview: a click on a figure shows where it comes from.
document.querySelectorAll(".zw-figure").forEach(function (el) {
  el.addEventListener("click", function () {
    var f = JSON.parse(el.dataset.figure), s = f.source || {};
    document.getElementById("fig-title").textContent = f.label + "：" + f.text;
    document.getElementById("fig-source").textContent = [s.type === "indicator" ? "指标 " + (s.name || "") + "（" + s.code + "）" : s.type === "ledger" ? "台账 " + s.kind : "重点项目", s.org_name + "（" + s.org + "）", s.period].join(" · ");
    document.getElementById("fig-computation").textContent = f.computation;
    var ul = document.getElementById("fig-records"); ul.innerHTML = "";
    (f.records || []).forEach(function (r) { var li = document.createElement("li"); li.textContent = r; ul.appendChild(li); });
    var a = document.getElementById("fig-url"); a.href = f.url || "#"; a.hidden = !f.url;
    document.getElementById("fig-query").textContent = f.query || "—";
    bootstrap.Modal.getOrCreateInstance(document.getElementById("figure-modal")).show();
  });
});
