// Indicator charts (vendored ECharts): trend over years, this vs last year by unit, target completion gauge.
window.zhenwuCharts = function (root, data) {
  if (!data || !data.indicator) return;
  var unit = data.indicator.unit, name = data.indicator.name;
  root.dataset.loaded = "1";
  function chart(sel, option) {
    var el = root.querySelector(sel);
    if (!el) return;
    var c = echarts.init(el);
    c.setOption(option);
    window.addEventListener("resize", function () { c.resize(); });
  }
  // No chart without data: an empty box says so instead of drawing axes, a needle or a zero.
  function empty(sel, text) {
    var el = root.querySelector(sel);
    if (!el) return;
    el.classList.add("chart-empty");
    el.textContent = text;
  }
  var hasTrend = (data.trend.values || []).some(function (v) { return v !== null && v !== undefined; });
  if (!hasTrend) empty(".chart-trend", name + "：暂无数据");
  else chart(".chart-trend", {
    title: {text: name + "历年走势（" + unit + "）", textStyle: {fontSize: 13}},
    tooltip: {trigger: "axis"}, grid: {left: 60, right: 20, top: 40, bottom: 30},
    xAxis: {type: "category", data: data.trend.years}, yAxis: {type: "value"},
    series: [{type: "line", data: data.trend.values, smooth: true, label: {show: true}, connectNulls: true}]
  });
  var unitsBox = root.querySelector(".chart-units");
  if (data.units && data.units.names.length) {
    chart(".chart-units", {
      title: {text: data.year + "年各单位" + data.units.name + "及同比", textStyle: {fontSize: 13}},
      tooltip: {trigger: "axis"}, legend: {top: 0, right: 10}, grid: {left: 60, right: 50, top: 60, bottom: 70},
      xAxis: {type: "category", data: data.units.names, axisLabel: {rotate: 40}},
      yAxis: [{type: "value", name: data.units.unit}, {type: "value", name: "同比%"}],
      series: [
        {name: data.units.labels[0], type: "bar", data: data.units.previous},
        {name: data.units.labels[1], type: "bar", data: data.units.current},
        {name: "同比%", type: "line", yAxisIndex: 1, data: data.units.growth}
      ]
    });
  } else if (unitsBox) {
    unitsBox.closest(".col-12").hidden = true;
  }
  var rate = data.completion.rate;
  var target = data.completion.target;
  if (rate === null || rate === undefined) empty(".chart-gauge", data.year + "年" + name + "：" +
    (target && target !== "—" ? "目标" + target + "，暂无完成数" : "暂无目标"));
  else chart(".chart-gauge", {
    title: {text: data.year + "年目标完成率", subtext: "完成 " + data.completion.value + " / 目标 " + data.completion.target, textStyle: {fontSize: 13}},
    series: [{type: "gauge", min: 0, max: 150, center: ["50%", "62%"], progress: {show: true},
      detail: {formatter: "{value}%", fontSize: 18}, data: [{value: rate}]}]
  });
  var head = root.querySelector(".headline-table tbody");
  if (head && data.headlines) {
    head.innerHTML = "";
    // a headline with no figure this year is left out (core.fmt writes a missing figure as "—")
    var shown = data.headlines.filter(function (h) { return h.value && h.value !== "—"; });
    shown.forEach(function (h) {
      var tr = document.createElement("tr");
      tr.dataset.code = h.code;
      [h.name, h.value, h.growth].forEach(function (t, i) {
        var td = document.createElement("td");
        td.textContent = t;
        if (i > 0) td.className = "text-end" + (i === 2 ? (h.up ? " text-danger" : " text-success") : "");
        if (i === 2) td.classList.add("yoy");
        tr.appendChild(td);
      });
      head.appendChild(tr);
    });
    if (!shown.length) {
      var tr = document.createElement("tr"), td = document.createElement("td");
      td.colSpan = 3; td.className = "text-muted"; td.textContent = "暂无数据";
      tr.appendChild(td); head.appendChild(tr);
    }
  }
};

// Every chart panel names the element holding its data (json_script); drawn without an inline script (CSP).
document.querySelectorAll("[data-chart-data]").forEach(function (el) {
  zhenwuCharts(el, JSON.parse(document.getElementById(el.getAttribute("data-chart-data")).textContent));
});
