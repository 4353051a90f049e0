// Live numbers of the batch page. Listens to the batch's server-sent events (/batches/{id}/events);
// when the browser has no EventSource or the stream fails before its first snapshot, polls the
// page's JSON every 2 s instead. When the batch closes, reloads once so the validation results and
// the ledger totals appear. Draws the throughput curve as inline SVG against the 5,556/s target from
// the samples the page was rendered with and those the stream brings. Without JavaScript the page's
// Refresh link (and its meta refresh) do the same.
(function () {
  "use strict";
  var panel = document.getElementById("batch");
  if (!panel) { return; }
  var number = new Intl.NumberFormat("en-US");
  var target = Number(panel.dataset.target || "5556");
  var samples = readTable();
  var SVG = "http://www.w3.org/2000/svg";

  function set(id, text) { var el = document.getElementById(id); if (el) { el.textContent = text; } }

  function readTable() {
    var rows = document.querySelectorAll("#throughput-table tbody tr");
    return Array.prototype.map.call(rows, function (r) {
      return { at: Number(r.dataset.at), records: Number(r.dataset.records), rate: r.dataset.rate === "" ? null : Number(r.dataset.rate) };
    });
  }

  function show(view) {
    set("live-status", view.batch.status);
    set("live-phase", view.progress.phase || "");
    set("live-processed", number.format(view.progress.records_processed));
    set("live-rate", view.progress.records_per_second === null ? "–" : number.format(view.progress.records_per_second));
    set("live-eta", view.progress.eta_seconds === null ? "–" : number.format(view.progress.eta_seconds) + " s");
    view.partitions.forEach(function (p) {
      var no = p.partition.partition_no;
      set("p" + no + "-status", p.partition.status);
      set("p" + no + "-processed", number.format(p.partition.records_processed));
      set("p" + no + "-owner", p.partition.lease_owner || "");
      set("p" + no + "-heartbeat", p.heartbeat_age_seconds === null ? "" : p.heartbeat_age_seconds.toFixed(1) + " s");
      set("p" + no + "-attempts", String(p.partition.attempts));
      set("p" + no + "-error", p.partition.error || "");
    });
    if (view.throughput) {
      samples = view.throughput.map(function (s) { return { at: Date.parse(s.at), records: s.records, rate: s.per_second }; });
    }
    draw(view.progress.eta_seconds);
    return view.progress.live;
  }

  function el(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // The curve: x is seconds since the first sample, y records/s; the target as a dashed labelled line.
  function draw(eta) {
    var box = document.getElementById("throughput-chart");
    if (!box) { return; }
    var points = samples.filter(function (s) { return s.rate !== null; });
    var w = 720, h = 240, left = 64, right = 16, top = 16, bottom = 36;
    var t0 = samples.length ? samples[0].at : 0;
    var span = Math.max(1, samples.length ? (samples[samples.length - 1].at - t0) / 1000 : 1);
    var peak = Math.max(target * 1.25, Math.max.apply(null, points.map(function (p) { return p.rate; }).concat([0])) * 1.1);
    function x(at) { return left + (w - left - right) * ((at - t0) / 1000) / span; }
    function y(rate) { return top + (h - top - bottom) * (1 - rate / peak); }
    var svg = el("svg", { viewBox: "0 0 " + w + " " + h, width: "100%", role: "img", "aria-label": "records per second over time against the target" });
    svg.appendChild(el("line", { x1: left, y1: y(0), x2: w - right, y2: y(0), stroke: "#5b6b7c" }));
    svg.appendChild(el("line", { x1: left, y1: top, x2: left, y2: y(0), stroke: "#5b6b7c" }));
    svg.appendChild(el("line", { x1: left, y1: y(target), x2: w - right, y2: y(target), stroke: "#a8321f", "stroke-dasharray": "6 4" }));
    svg.appendChild(el("text", { x: w - right, y: y(target) - 6, "text-anchor": "end", fill: "#a8321f", "font-size": 12 }, "target " + number.format(target) + "/s"));
    svg.appendChild(el("text", { x: left - 6, y: y(0), "text-anchor": "end", "font-size": 11 }, "0"));
    svg.appendChild(el("text", { x: left - 6, y: top + 10, "text-anchor": "end", "font-size": 11 }, number.format(Math.round(peak))));
    svg.appendChild(el("text", { x: w - right, y: h - 8, "text-anchor": "end", "font-size": 11 },
      number.format(Math.round(span)) + " s" + (eta === null || eta === undefined ? "" : "; ETA " + number.format(eta) + " s")));
    svg.appendChild(el("text", { x: left, y: h - 8, "font-size": 11 }, "records/s since staging began"));
    // Steps: each rate is the average over the interval that ends at its point.
    var path = [];
    samples.forEach(function (s, i) {
      if (i === 0 || s.rate === null) { return; }
      path.push((path.length ? "L" : "M") + x(samples[i - 1].at).toFixed(1) + " " + y(s.rate).toFixed(1));
      path.push("L" + x(s.at).toFixed(1) + " " + y(s.rate).toFixed(1));
    });
    if (path.length) {
      svg.appendChild(el("path", { d: path.join(" "), fill: "none", stroke: "#1f5fa8", "stroke-width": 2 }));
    }
    box.replaceChildren(svg);
    var table = document.getElementById("throughput-table");
    if (table) { table.hidden = true; }
    var none = document.getElementById("throughput-none");
    if (none) { none.hidden = samples.length > 0; }
  }

  draw(null);
  if (panel.dataset.live !== "true") { return; }

  function poll() {
    fetch(panel.dataset.liveUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (view) { if (show(view)) { setTimeout(poll, 2000); } else { window.location.reload(); } })
      .catch(function () { setTimeout(poll, 5000); });
  }

  if (!window.EventSource || !panel.dataset.eventsUrl) { setTimeout(poll, 2000); return; }
  var heard = false;
  var stream = new EventSource(panel.dataset.eventsUrl);
  stream.addEventListener("snapshot", function (e) { heard = true; show(JSON.parse(e.data)); });
  stream.addEventListener("end", function () { stream.close(); window.location.reload(); });
  stream.addEventListener("refused", function () { stream.close(); });
  stream.onerror = function () {
    // Before the first snapshot the stream is not to be had (a proxy, a refusal); after it EventSource
    // reconnects by itself, unless the reconnection was refused (CLOSED, e.g. the session lapsed): poll then.
    if (!heard || stream.readyState === 2) { stream.close(); setTimeout(poll, 2000); }
  };
})();
