// Runs ad-hoc queries against /sparql and named queries against /api/queries/NAME,
// rendering results as a table built with textContent (never innerHTML).
(function () {
  "use strict";
  var texts = JSON.parse(document.getElementById("sparql-texts").textContent);
  var result = document.getElementById("sparql-result");

  function cell(tag, text) {
    var el = document.createElement(tag);
    el.textContent = text;
    return el;
  }

  function showError(message) {
    result.replaceChildren(cell("p", texts.error + ": " + message));
    result.firstChild.className = "error";
  }

  function showJson(json) {
    if (typeof json.boolean === "boolean") {
      result.replaceChildren(cell("p", String(json.boolean)));
      return;
    }
    var vars = json.head.vars;
    var rows = json.results.bindings;
    var table = document.createElement("table");
    table.id = "result-table";
    var head = document.createElement("tr");
    vars.forEach(function (v) { head.appendChild(cell("th", v)); });
    table.appendChild(head);
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      vars.forEach(function (v) { tr.appendChild(cell("td", row[v] ? row[v].value : "")); });
      table.appendChild(tr);
    });
    result.replaceChildren(cell("p", rows.length + " " + texts.rows), table);
  }

  function handle(response) {
    var type = response.headers.get("content-type") || "";
    return response.text().then(function (body) {
      if (!response.ok) {
        var message = body;
        try { message = JSON.parse(body).detail; } catch (e) { /* plain text */ }
        showError(message);
      } else if (type.indexOf("json") >= 0) {
        showJson(JSON.parse(body));
      } else {
        result.replaceChildren(cell("pre", body));
      }
    });
  }

  document.getElementById("sparql-form").addEventListener("submit", function (event) {
    event.preventDefault();
    fetch("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/sparql-query",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9"
      },
      body: document.getElementById("sparql-text").value
    }).then(handle).catch(function (e) { showError(String(e)); });
  });

  document.querySelectorAll("form.named-query").forEach(function (form) {
    form.querySelector(".load-query").addEventListener("click", function () {
      document.getElementById("sparql-text").value =
        JSON.parse(form.querySelector(".query-text").textContent);
      window.scrollTo(0, 0);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = new URLSearchParams();
      form.querySelectorAll("input[name]").forEach(function (input) {
        if (input.value) { params.append(input.name, input.value); }
      });
      var url = "/api/queries/" + encodeURIComponent(form.getAttribute("data-name")) + "?" + params;
      fetch(url, { headers: { "Accept": "application/json" } })
        .then(handle).catch(function (e) { showError(String(e)); });
      window.scrollTo(0, 0);
    });
  });
})();
