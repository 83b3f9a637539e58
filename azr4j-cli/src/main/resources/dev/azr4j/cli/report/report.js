// azr report: draws the charts from the JSON data block with uPlot, filters the tables and, when
// the page is served live, reloads itself when the run directory changes.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("azr-data").textContent);
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
                 "#393b79", "#637939"];
  var drawn = 0;
  // steps are whole numbers: no ticks between them
  var STEP_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];

  function fmt(v) {
    if (v == null) return "-";
    var a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
    return String(parseFloat(v.toPrecision(4)));
  }

  function label(key, keys) {
    // the shortest name that still tells the series apart: drop the parts all keys share
    var parts = keys.map(function (k) { return k.split("/"); });
    var own = key.split("/");
    var kept = own.filter(function (p, i) {
      return !parts.every(function (q) { return q.length === own.length && q[i] === p; });
    });
    return kept.length ? kept.join("/") : key;
  }

  // the smoothing window (steps) of the exponential average drawn over each curve; 0: raw points only
  var smoothPick = document.getElementById("smooth");
  function smoothing() { return smoothPick ? Number(smoothPick.value) : 0; }

  // an exponential moving average with weight 2 / (window + 1), debiased at the start (as TensorBoard
  // does), carried over the steps a curve was not measured at
  function ema(values, window) {
    var alpha = 2 / (window + 1), avg = 0, weight = 0, out = new Array(values.length);
    for (var i = 0; i < values.length; i++) {
      var v = values[i];
      if (v != null && isFinite(v)) {
        avg = (1 - alpha) * avg + alpha * v;
        weight = (1 - alpha) * weight + alpha;
      }
      out[i] = weight > 0 ? avg / weight : null;
    }
    return out;
  }

  function draw(el, title, keys) {
    el.textContent = "";
    var present = keys.filter(function (k) { return D.series[k] && D.series[k].some(function (v) { return v != null; }); });
    el.setAttribute("data-series", String(present.length));
    if (!D.steps.length || !present.length) {
      var p = document.createElement("div");
      p.className = "empty";
      p.textContent = title + ": no values recorded yet";
      el.appendChild(p);
      return null;
    }
    var few = D.steps.length <= 40;
    var win = smoothing();
    var series = [{ label: "step" }], data = [D.steps];
    present.forEach(function (k, i) {
      var name = keys.length === 1 ? k : label(k, present), color = PALETTE[i % PALETTE.length];
      if (win > 0) {   // the raw points faint, the average over them solid
        series.push({ label: name + " (raw)", stroke: color + "55", width: 1, spanGaps: true, points: { show: few, size: 3 },
                      value: function (u, v) { return fmt(v); } });
        data.push(D.series[k]);
        series.push({ label: name, stroke: color, width: 2, spanGaps: true, points: { show: false },
                      value: function (u, v) { return fmt(v); } });
        data.push(ema(D.series[k], win));
      } else {
        series.push({ label: name, stroke: color, width: 1.5, spanGaps: true, points: { show: few, size: 4 },
                      value: function (u, v) { return fmt(v); } });
        data.push(D.series[k]);
      }
    });
    var width = Math.max(300, el.clientWidth - 14);
    var opts = { title: title, width: width, height: 220, series: series, legend: { live: true },
                 scales: { x: { time: false } },
                 axes: [{ label: "step", incrs: STEP_INCRS }, { values: function (u, vals) { return vals.map(fmt); }, size: 64 }] };
    var plot = new uPlot(opts, data, el);
    drawn++;
    return plot;
  }

  function drawAll() {
    document.querySelectorAll(".chart[data-chart]").forEach(function (el) {
      var c = D.charts[Number(el.getAttribute("data-chart"))];
      draw(el, c.title, c.keys);
    });
  }
  drawAll();
  if (smoothPick) smoothPick.addEventListener("change", function () { drawAll(); if (typeof show === "function") show(); });

  // the metric explorer: any recorded key
  var pick = document.getElementById("explore-key");
  var target = document.getElementById("explore-chart");
  if (pick && target) {
    var show = function () { if (pick.value) draw(target, pick.value, [pick.value]); };
    pick.addEventListener("change", show);
    show();
  }

  document.querySelectorAll("input.filter").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    input.addEventListener("input", function () {
      var q = input.value.toLowerCase();
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        tr.style.display = !q || tr.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none";
      });
    });
  });

  document.body.setAttribute("data-charts-drawn", String(drawn));
  document.body.setAttribute("data-ready", "1");

  if (D.live) {
    setInterval(function () {
      fetch("stamp", { cache: "no-store" }).then(function (r) { return r.ok ? r.text() : null; }).then(function (s) {
        if (s && s !== D.stamp) location.reload();
      }).catch(function () { /* the server stopped: keep the last page */ });
    }, D.pollMs);
  }
})();
