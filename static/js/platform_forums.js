// Forums: new replies appear live in an open thread (last page only).
// Without websockets the page simply shows them on the next load.
(function () {
  "use strict";
  var list = document.querySelector("[data-live-thread]");
  if (!list || !window.WebSocket) return;
  var threadId = list.getAttribute("data-live-thread");
  var postUrl = list.getAttribute("data-post-url");
  var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  var socket;
  var delay = 1000;

  function addPost(id) {
    if (document.getElementById("post-" + id)) return;
    fetch(postUrl.replace(/\/0\/$/, "/" + id + "/"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (!html || document.getElementById("post-" + id)) return;
        var template = document.createElement("template");
        template.innerHTML = html.trim();
        list.appendChild(template.content);
      });
  }

  function connect() {
    socket = new WebSocket(scheme + window.location.host + "/ws/forums/threads/" + threadId + "/");
    socket.onmessage = function (event) {
      var data = JSON.parse(event.data);
      if (data.post) addPost(data.post);
    };
    socket.onopen = function () { delay = 1000; list.setAttribute("data-live", "on"); };
    socket.onclose = function (event) {
      list.removeAttribute("data-live");
      if (event.code === 4403) return;
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
})();
