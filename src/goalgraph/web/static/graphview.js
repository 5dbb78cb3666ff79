// Draws the focused graph view with vis-network from the JSON embedded in the page.
// All text from the model is inserted with textContent, never as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var texts = JSON.parse(document.getElementById("graph-texts").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.goalgraphNetwork = network;
  window.goalgraphNodes = nodes;

  var chain = data.view === "chain";
  if (chain) {
    // Fitted, unless that makes the labels too small to read: then the focus is centred
    // at a readable size and the rest is reached by dragging (or the list below).
    network.once("afterDrawing", function () {
      network.fit();
      if (network.getScale() < 0.75) {
        network.moveTo({ position: network.getPositions([data.focus])[data.focus], scale: 0.75 });
      }
    });
  } else {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
    });
  }
  network.on("afterDrawing", function () {
    document.body.setAttribute("data-graph-drawn", "1");
  });

  function element(tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) { el.textContent = String(text); }
    if (className) { el.className = className; }
    return el;
  }

  // The reader's plan version (?version=) stays chosen on the pages the links lead to.
  function withVersion(url) {
    var version = new URLSearchParams(window.location.search).get("version");
    return version ? url + "&version=" + encodeURIComponent(version) : url;
  }

  function pageLink(node) {
    if (texts.base === null || !node.page) { return null; }
    var sep = node.page.indexOf("?") >= 0 ? "&" : "?";
    var link = element("a", texts.open_page);
    link.href = withVersion(texts.base + node.page + sep + "lang=" + encodeURIComponent(texts.lang));
    link.id = "details-link";
    return link;
  }

  function graphLink(node) {
    if (texts.base === null) { return null; }
    var link = element("a", "⊙ " + node.curie);
    link.href = withVersion(texts.base + "/graph?node=" + encodeURIComponent(node.id) +
      "&depth=" + data.depth + "&lang=" + encodeURIComponent(texts.lang));
    return link;
  }

  function showDetails(id) {
    var node = nodes.get(id);
    var box = document.getElementById("details");
    box.replaceChildren();
    if (!node) { return; }
    box.appendChild(element("strong", node.fullLabel, "details-label"));
    box.appendChild(element("div", texts.kind + ": " + node.kindName, "muted"));
    box.appendChild(element("code", node.id));
    var links = element("p");
    var page = pageLink(node);
    if (page) { links.appendChild(page); links.appendChild(document.createTextNode(" · ")); }
    var refocus = graphLink(node);
    if (refocus) { links.appendChild(refocus); }
    box.appendChild(links);
    box.appendChild(element("h3", texts.issues));
    if (!node.issues || node.issues.length === 0) {
      box.appendChild(element("p", texts.no_issues, "muted"));
    } else {
      var list = element("ul");
      node.issues.forEach(function (issue) {
        list.appendChild(element("li", issue.severity + ": " + issue.message, "issue"));
      });
      box.appendChild(list);
    }
  }

  // The ways between the focus and a node: every node and edge on a shortest path.
  function distances(from) {
    var found = {};
    found[from] = 0;
    var queue = [from];
    while (queue.length > 0) {
      var node = queue.shift();
      network.getConnectedNodes(node).forEach(function (other) {
        if (found[other] === undefined) { found[other] = found[node] + 1; queue.push(other); }
      });
    }
    return found;
  }

  function highlightWay(target) {
    var fromFocus = distances(data.focus);
    var fromTarget = distances(target);
    var length = fromFocus[target];
    var onWay = {};
    Object.keys(fromFocus).forEach(function (node) {
      if (fromTarget[node] !== undefined && fromFocus[node] + fromTarget[node] === length) {
        onWay[node] = true;
      }
    });
    var wayEdges = edges.get().filter(function (edge) {
      return onWay[edge.from] && onWay[edge.to] &&
        Math.abs(fromFocus[edge.from] - fromFocus[edge.to]) === 1;
    }).map(function (edge) { return edge.id; });
    network.setSelection({ nodes: Object.keys(onWay), edges: wayEdges }, { highlightEdges: false });
    document.querySelectorAll("#chain-list tr[data-node]").forEach(function (row) {
      row.classList.toggle("on-way", onWay[row.getAttribute("data-node")] === true);
    });
    window.goalgraphWay = { nodes: Object.keys(onWay), edges: wayEdges };
  }

  network.on("click", function (params) {
    if (params.nodes.length > 0) {
      showDetails(params.nodes[0]);
      if (chain) { highlightWay(params.nodes[0]); }
    }
  });
  document.querySelectorAll("#chain-list .path-button").forEach(function (button) {
    button.addEventListener("click", function () {
      var node = button.getAttribute("data-node");
      showDetails(node);
      highlightWay(node);
      network.focus(node, { scale: 1, animation: false });
    });
  });

  document.querySelectorAll("#legend input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", function () {
      var hidden = {};
      document.querySelectorAll("#legend input[type=checkbox]").forEach(function (other) {
        if (!other.checked) { hidden[other.getAttribute("data-kind")] = true; }
      });
      nodes.update(nodes.get().map(function (node) {
        return { id: node.id, hidden: node.id !== data.focus && hidden[node.kind] === true };
      }));
      document.querySelectorAll("#chain-list tr[data-node]").forEach(function (row) {
        var node = nodes.get(row.getAttribute("data-node"));
        row.hidden = node ? node.hidden === true : false;
      });
    });
  });
  showDetails(data.focus);
})();
