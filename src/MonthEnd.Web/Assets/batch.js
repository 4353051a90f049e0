// Live numbers of the batch page: polls the page's JSON every 2 s while the batch is open, then
// reloads once so the validation results and the ledger totals appear. Without JavaScript the
// page's Refresh link does the same.
(function () {
  "use strict";
  var panel = document.getElementById("batch");
  if (!panel || panel.dataset.live !== "true") { return; }
  var url = panel.dataset.liveUrl;
  var number = new Intl.NumberFormat("en-US");
  function set(id, text) { var el = document.getElementById(id); if (el) { el.textContent = text; } }
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
    return view.progress.live;
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (view) { if (show(view)) { setTimeout(poll, 2000); } else { window.location.reload(); } })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 2000);
})();
