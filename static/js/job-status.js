// Long jobs update by themselves (socle_site.kernel.jobs, issue 26): every element
// with data-job-status polls its status address until the job is finished,
// and writes the message (an aria-live region, so screen readers hear it)
// and the link to the result. No inline script: the CSP forbids it.
(function () {
  "use strict";
  if (window.socleJobStatus) { return; }  // the include may appear twice on a page
  window.socleJobStatus = true;

  function follow(element) {
    var url = element.getAttribute("data-job-status");
    var message = element.querySelector(".job-message");
    var result = element.querySelector(".job-result");
    var delay = 1500;
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (status) {
          if (!status) { return; }  // not found or logged out: the page stays as it is
          if (message.textContent !== status.message) { message.textContent = status.message; }
          // A job whose result is this very page (an import's report): show it.
          if (status.finished && status.url &&
              new URL(status.url, window.location.href).pathname === window.location.pathname) {
            window.location.reload();
            return;
          }
          if (status.url) { result.setAttribute("href", status.url); result.hidden = false; }
          element.setAttribute("data-state", status.state);
          if (!status.finished) {
            delay = Math.min(delay * 1.5, 10000);
            window.setTimeout(poll, delay);
          }
        })
        .catch(function () { window.setTimeout(poll, 10000); });
    }
    window.setTimeout(poll, delay);
  }

  function start() {
    var elements = document.querySelectorAll("[data-job-status]");
    for (var i = 0; i < elements.length; i++) {
      if (elements[i].getAttribute("data-state") !== "done") { follow(elements[i]); }
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
