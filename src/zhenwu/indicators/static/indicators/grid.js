// Entry grid: check a cell as it is typed (number, range, a jump against last year); the server checks again.
(function () {
  function check(input) {
    var hint = input.closest("td").querySelector(".cell-hint");
    var raw = input.value.replace(/[,，\s]/g, "");
    var msg = "";
    if (raw !== "") {
      var v = Number(raw), last = Number(input.dataset.last || "NaN");
      var min = input.dataset.min === "" ? null : Number(input.dataset.min);
      var max = input.dataset.max === "" ? null : Number(input.dataset.max);
      if (!isFinite(v)) msg = "不是数字（单位：" + input.dataset.unit + "）";
      else if (min !== null && v < min) msg = "不能小于 " + min;
      else if (max !== null && v > max) msg = "不能大于 " + max;
      else if (last > 0 && v > 0 && (v > last * 5 || v * 5 < last)) msg = "与上年同期 " + last + " 相差 5 倍以上，保存时需确认";
    }
    hint.textContent = msg;
    input.classList.toggle("is-invalid", msg !== "" && msg.indexOf("确认") < 0);
  }
  document.querySelectorAll(".grid-cell").forEach(function (input) {
    input.addEventListener("change", function () { check(input); });
  });
})();
