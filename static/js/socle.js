// Phones: the menus fold behind one "Menu" button (without JS they stay open).
(function () {
  "use strict";
  const toggle = document.querySelector(".menu-toggle");
  const menus = document.getElementById("site-menus");
  if (!toggle || !menus) return;
  const small = window.matchMedia("(max-width: 760px)");
  document.documentElement.classList.add("js-menu");
  function fold(folded) {
    menus.classList.toggle("is-folded", folded);
    toggle.setAttribute("aria-expanded", String(!folded));
  }
  function apply() {
    toggle.hidden = !small.matches;
    fold(small.matches);
  }
  toggle.addEventListener("click", function () {
    fold(toggle.getAttribute("aria-expanded") === "true");
  });
  small.addEventListener("change", apply);
  apply();
})();

// Live unread-notification count: a websocket when it works, polling when not.
(function () {
  "use strict";
  const body = document.body;
  const socketPath = body.dataset.notificationsSocket;
  const pollUrl = body.dataset.unreadUrl;
  if (!socketPath || !pollUrl) return;

  function show(count) {
    document.querySelectorAll("[data-unread-badge]").forEach(function (badge) {
      badge.hidden = !count;
      const number = badge.querySelector("[data-unread-count]");
      if (number) number.textContent = String(count);
    });
  }

  let pollTimer = null;
  function startPolling() {
    if (pollTimer) return;
    pollTimer = window.setInterval(function () {
      fetch(pollUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data) show(data.unread); })
        .catch(function () {});
    }, 30000);
  }

  let retries = 0;
  function connect() {
    if (!("WebSocket" in window)) { startPolling(); return; }
    const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + window.location.host + socketPath);
    socket.onopen = function () {
      retries = 0;
      if (pollTimer) { window.clearInterval(pollTimer); pollTimer = null; }
    };
    socket.onmessage = function (event) {
      try { show(JSON.parse(event.data).unread); } catch (e) { /* ignore malformed */ }
    };
    socket.onclose = function () {
      startPolling();
      retries += 1;
      if (retries < 6) window.setTimeout(connect, Math.min(30000, 1000 * 2 ** retries));
    };
  }
  connect();
})();

// A form that failed: focus moves to the error summary at the top of the page
// (so a screen reader reads it first), and each of its links puts the focus in
// the field itself and shows the field's label above it (the GOV.UK pattern;
// a bare fragment link would scroll the label out of sight).
(function () {
  "use strict";
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    const field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) return;
    event.preventDefault();
    const group = field.closest("fieldset");
    const label = (group && group.querySelector("legend")) || document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
