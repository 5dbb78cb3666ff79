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

  var csvButton = document.getElementById("sparql-csv");
  var lastCsv = null;

  // RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
  function csvField(text) {
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function valueCell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var link = document.createElement("a");
      link.href = "/resource?iri=" + encodeURIComponent(term.value) +
        "&lang=" + encodeURIComponent(texts.lang);
      link.textContent = term.value;
      td.appendChild(link);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) { td.lang = term["xml:lang"]; }
    }
    return td;
  }

  function showJson(json) {
    lastCsv = null;
    csvButton.hidden = true;
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
    var lines = [vars.map(csvField).join(",")];
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      vars.forEach(function (v) { tr.appendChild(valueCell(row[v])); });
      table.appendChild(tr);
      lines.push(vars.map(function (v) { return csvField(row[v] ? row[v].value : ""); }).join(","));
    });
    lastCsv = lines.join("\r\n") + "\r\n";
    csvButton.hidden = false;
    result.replaceChildren(cell("p", rows.length + " " + texts.rows), table);
  }

  csvButton.addEventListener("click", function () {
    if (lastCsv === null) { return; }
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([lastCsv], { type: "text/csv;charset=utf-8" }));
    link.download = "result.csv";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

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
