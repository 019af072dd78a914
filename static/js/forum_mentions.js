// Forum mentions: after "@" and two letters, the names of the forum's members
// are offered below the message (names only: the server never sends an
// address). Down arrow or Tab reaches the list, Enter or a click inserts
// "@Name ", Escape closes it. Without JavaScript one types the name.
(function () {
  "use strict";
  var field = document.querySelector("textarea[data-mention-url]");
  var box = document.getElementById("post-body-mentions");
  if (!field || !box || !window.fetch) return;
  var list = box.querySelector("ul");
  var status = box.querySelector("[role=status]");
  var url = field.getAttribute("data-mention-url");
  var timer = null;
  var asked = "";

  function currentMention() {
    var before = field.value.slice(0, field.selectionStart);
    var match = /(^|[^\w@])@([^\s@][^@\n]{0,40})$/u.exec(before);
    if (!match) return null;
    return { query: match[2], start: before.length - match[2].length - 1 };
  }

  function close() {
    box.hidden = true;
    list.innerHTML = "";
  }

  function choose(name) {
    var mention = currentMention();
    if (!mention) { close(); field.focus(); return; }
    var end = field.selectionStart;
    var text = "@" + name + " ";
    field.value = field.value.slice(0, mention.start) + text + field.value.slice(end);
    var caret = mention.start + text.length;
    close();
    field.focus();
    field.setSelectionRange(caret, caret);
  }

  function show(names) {
    list.innerHTML = "";
    names.forEach(function (name) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.textContent = "@" + name;
      button.addEventListener("click", function () { choose(name); });
      button.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowDown") next = item.nextElementSibling;
        if (event.key === "ArrowUp") next = item.previousElementSibling;
        if (event.key === "Escape") { close(); field.focus(); event.preventDefault(); return; }
        if (next) { next.querySelector("button").focus(); event.preventDefault(); }
        else if (event.key === "ArrowUp") { field.focus(); event.preventDefault(); }
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    box.hidden = false;
    status.textContent = box.getAttribute(names.length ? "data-some" : "data-none");
  }

  function ask() {
    var mention = currentMention();
    if (!mention || mention.query.length < 2) { close(); return; }
    if (mention.query === asked) return;
    asked = mention.query;
    fetch(url + "?q=" + encodeURIComponent(mention.query), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { names: [] }; })
      .then(function (data) {
        var still = currentMention();
        if (still && still.query === mention.query) show(data.names || []);
      })
      .catch(close);
  }

  field.addEventListener("input", function () {
    clearTimeout(timer);
    asked = "";
    timer = setTimeout(ask, 200);
  });
  field.addEventListener("keydown", function (event) {
    if (box.hidden) return;
    if (event.key === "ArrowDown") {
      var first = list.querySelector("button");
      if (first) { first.focus(); event.preventDefault(); }
    } else if (event.key === "Escape") {
      close();
      event.preventDefault();
    }
  });
})();
