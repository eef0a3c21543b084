/* A job's page updates itself: it asks the job's status.json every two seconds and fills in the status, the
 * percentage and the bar; when the job is finished it reloads once, so the download link (or the failure and
 * its retry button) is shown by the server. No library, no inline script (the CSP allows only 'self'). */
(function () {
  "use strict";
  var section = document.getElementById("job");
  if (!section || !window.fetch) { return; }
  var url = section.getAttribute("data-status-url");
  function field(name) { return section.querySelector('[data-job="' + name + '"]'); }
  function show(state) {
    ["status_label", "percent", "done", "total"].forEach(function (name) {
      var node = field(name);
      if (node) { node.textContent = state[name]; }
    });
    var bar = field("bar");
    if (bar) { bar.value = state.percent; }
  }
  var finishedOnLoad = field("waiting") === null;
  if (finishedOnLoad) { return; }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        show(state);
        if (state.finished) { window.location.reload(); } else { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
