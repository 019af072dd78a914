// Assemblies: the chair's console and the projector follow the meeting live.
// A websocket pushes the meeting's state (quorum, current question, tally);
// when it drops, the page polls the same state as JSON until it reconnects.
// When the meeting or the current question changes step, the page reloads
// (the server renders the new buttons and labels); figures change in place.
(function () {
  "use strict";
  var page = document.querySelector("[data-live-meeting]");
  if (!page) return;
  var stateUrl = page.getAttribute("data-state-url");
  var socketPath = page.getAttribute("data-socket");
  var indicator = page.querySelector("[data-live=connection]");
  var lastVersion = 0;
  var pollTimer = null;
  var delay = 1000;
  // A form being sent (the chair closing a vote) is not cut short by a
  // reload for a change that the next page shows anyway.
  var leaving = false;
  document.addEventListener("submit", function () { leaving = true; }, true);

  function setText(selector, value) {
    page.querySelectorAll(selector).forEach(function (node) {
      var text = value === null || value === undefined ? "" : String(value);
      if (node.textContent !== text) node.textContent = text;
    });
  }

  function structureChanged(state) {
    var question = state.question;
    return state.status !== page.getAttribute("data-status") ||
      String(question ? question.id : "") !== page.getAttribute("data-question") ||
      String(question ? question.status : "") !== page.getAttribute("data-question-status");
  }

  function apply(state) {
    if (!state || !state.version || state.version < lastVersion) return;
    lastVersion = state.version;
    if (structureChanged(state)) { if (!leaving) window.location.reload(); return; }
    var quorum = state.quorum;
    ["present_or_represented", "members", "weight_present_or_represented", "weight_total",
     "required", "in_person", "online", "represented"].forEach(function (key) {
      setText("[data-live=" + key + "]", quorum[key]);
    });
    var verdict = page.querySelector("[data-live=quorum-verdict]");
    if (verdict) {
      var strong = verdict.querySelector("strong");
      var text = verdict.getAttribute(quorum.has_quorum ? "data-yes" : "data-no");
      if (strong && strong.textContent !== text) strong.textContent = text;
    }
    (quorum.colleges || []).forEach(function (college, index) {
      var row = page.querySelector("[data-college-index='" + index + "'] [data-live-college=weight_present_or_represented]");
      if (row) row.textContent = String(college.weight_present_or_represented);
    });
    var question = state.question;
    if (!question) return;
    var tally = question.tally || {};
    ["ballots", "yes", "no", "abstain", "blank"].forEach(function (key) {
      if (key in tally) setText("[data-live=" + key + "]", tally[key]);
    });
    (tally.options || []).forEach(function (option) { setText("[data-live-option='" + option.id + "']", option.weight); });
    (tally.colleges || []).forEach(function (college) {
      (college.candidates || []).forEach(function (c) { setText("[data-live-option='" + c.id + "']", c.weight); });
    });
  }

  function poll() {
    fetch(stateUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(apply)
      .catch(function () { /* next round */ });
  }

  function startPolling() {
    if (indicator) indicator.textContent = page.getAttribute("data-text-polling");
    page.setAttribute("data-live-mode", "polling");
    if (pollTimer) return;
    poll();
    pollTimer = window.setInterval(poll, 3000);
  }

  function stopPolling() {
    if (pollTimer) { window.clearInterval(pollTimer); pollTimer = null; }
  }

  function connect() {
    if (!("WebSocket" in window)) { startPolling(); return; }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try { socket = new WebSocket(scheme + window.location.host + socketPath); } catch (e) { startPolling(); return; }
    socket.onopen = function () {
      delay = 1000;
      stopPolling();
      page.setAttribute("data-live-mode", "socket");
      if (indicator) indicator.textContent = page.getAttribute("data-text-live");
    };
    socket.onmessage = function (event) {
      try { apply(JSON.parse(event.data)); } catch (e) { /* ignore malformed */ }
    };
    socket.onclose = function (event) {
      startPolling();
      if (event.code === 4403 || event.code === 4401) return;
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
  // A safety net: a step taken from another page (the question's own page)
  // reaches this page within 20 seconds even while the socket is quiet.
  window.setInterval(function () { if (!pollTimer) poll(); }, 20000);
})();
