// The node form: link pickers, live checks while typing, saving and deleting through the
// JSON API (/api/nodes), with the page's CSRF token on every change.
"use strict";

(function () {
  const form = document.getElementById("node-form");
  const kindForm = document.getElementById("kind-form");
  if (kindForm) {
    for (const select of kindForm.querySelectorAll("select")) {
      select.addEventListener("change", () => kindForm.submit());
    }
  }
  if (!form) {
    return;
  }
  const data = form.dataset;
  const lang = data.lang || "nb";
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
  let version = data.version;
  let checkTimer = null;
  let checkSeq = 0;
  let checkAbort = null;

  function text(name, values) {
    let found = form.dataset["text" + name] || "";
    for (const [key, value] of Object.entries(values || {})) {
      found = found.replace("{" + key + "}", value);
    }
    return found;
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") {
        node.textContent = value;
      } else if (value !== null && value !== undefined) {
        node.setAttribute(key, value);
      }
    }
    for (const child of children || []) {
      node.append(child);
    }
    return node;
  }

  // ---- the body the API takes -------------------------------------------------------

  function body() {
    const found = { labels: {}, links: {}, values: {} };
    if (!data.node) {
      found.graph = data.graph;
      found.type = data.type;
    }
    const typeSelect = form.querySelector("[data-type-select]");
    if (typeSelect && typeSelect.value !== data.type) {
      found.type = typeSelect.value;
    }
    for (const area of form.querySelectorAll("[data-label]")) {
      found.labels[area.dataset.label] = area.value.trim();
    }
    for (const input of form.querySelectorAll("[data-text]")) {
      const values = (found.values[input.dataset.text] ||= []);
      values.push({ "@value": input.value.trim(), "@language": input.dataset.lang });
    }
    for (const list of form.querySelectorAll("ul[data-link]")) {
      found.links[list.dataset.link] = Array.from(list.querySelectorAll("li[data-iri]"), (li) => li.dataset.iri);
    }
    for (const select of form.querySelectorAll("select[data-choice]")) {
      found.links[select.dataset.choice] = Array.from(select.selectedOptions, (o) => o.value).filter((v) => v);
    }
    for (const input of form.querySelectorAll("[data-value]")) {
      const values = (found.values[input.dataset.value] ||= []);
      if (input.value.trim()) {
        values.push(input.value.trim());
      }
    }
    return found;
  }

  function api(method, path, payload, extra) {
    const headers = { "X-CSRF-Token": csrf, Accept: "application/json" };
    if (payload !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    return fetch(path, {
      method,
      headers: Object.assign(headers, extra || {}),
      body: payload === undefined ? undefined : JSON.stringify(payload),
      credentials: "same-origin",
      signal: (extra && extra.signal) || undefined,
    });
  }

  function nodeQuery(node) {
    return "iri=" + encodeURIComponent(node) + "&lang=" + lang;
  }

  // ---- results beside the fields ----------------------------------------------------

  function clearResults() {
    for (const box of form.querySelectorAll(".field-results")) {
      box.replaceChildren();
    }
  }

  function resultBox(result) {
    const path = result.path || "";
    const boxes = Array.from(form.querySelectorAll('.field-results[data-results-for="' + CSS.escape(path) + '"]'));
    if (boxes.length > 1) {
      // A result about a text names the text: put it beside the input holding it.
      for (const box of boxes) {
        const input = box.parentElement.querySelector("textarea, input");
        if (input && input.value.trim() === (result.value || "").trim()) {
          return box;
        }
      }
    }
    return boxes[0] || document.getElementById("results-general");
  }

  function showResult(box, result, elsewhere) {
    const severity = (result.severity || "Violation").toLowerCase();
    const item = el("p", { class: "result " + severity, "data-rule": result.rule }, [
      el("strong", { text: text("Sev" + result.severity) || result.severity }),
      " ",
    ]);
    if (elsewhere) {
      item.append(el("em", { text: result.focus_label + ": " }));
    }
    item.append(result.message);
    if (severity === "violation" && result.new !== undefined) {
      item.append(" ", el("span", { class: "tag", text: result.new ? text("New") : text("Existing") }));
    }
    box.append(item);
  }

  function showCheck(found) {
    clearResults();
    for (const result of found.results) {
      showResult(resultBox(result), result, false);
    }
    if (found.elsewhere.length) {
      const general = document.getElementById("results-general");
      general.append(el("h3", { text: text("Elsewhere") }));
      for (const result of found.elsewhere) {
        showResult(general, result, true);
      }
    }
    const status = document.getElementById("check-status");
    status.className = "check-status " + (found.refused ? "refused" : found.results.length ? "warned" : "ok");
    status.textContent = found.refused ? text("Refused") : found.results.length ? text("Warnings") : text("Ok");
  }

  async function runCheck() {
    const seq = ++checkSeq;
    if (checkAbort) {
      checkAbort.abort();
    }
    checkAbort = new AbortController();
    const status = document.getElementById("check-status");
    status.className = "check-status muted";
    status.textContent = text("Checking");
    const path = "/api/nodes/check?" + (data.node ? nodeQuery(data.node) : "lang=" + lang);
    try {
      const response = await api("POST", path, body(), { signal: checkAbort.signal });
      if (seq !== checkSeq) {
        return;
      }
      if (!response.ok) {
        status.textContent = text("CheckFailed", { detail: await detail(response) });
        return;
      }
      showCheck(await response.json());
    } catch (error) {
      if (error.name !== "AbortError" && seq === checkSeq) {
        status.textContent = text("CheckFailed", { detail: String(error) });
      }
    }
  }

  function scheduleCheck() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(runCheck, 400);
  }

  async function detail(response) {
    try {
      const found = await response.json();
      if (typeof found.detail === "string") {
        return found.detail;
      }
      return JSON.stringify(found.detail);
    } catch (error) {
      return response.status + " " + response.statusText;
    }
  }

  // ---- link pickers -----------------------------------------------------------------

  function chip(list, option) {
    const link = el("a", { href: "/resource?" + nodeQuery(option.iri), text: option.label });
    if (option.lang && option.lang !== lang) {
      link.setAttribute("lang", option.lang);
    }
    const remove = el("button", { type: "button", class: "remove", "aria-label": text("Remove", { name: option.label }), text: "×" });
    return el("li", { "data-iri": option.iri }, [link, " ", remove]);
  }

  function setupPicker(field) {
    const input = field.querySelector(".picker input");
    const options = field.querySelector(".options");
    const list = field.querySelector("ul[data-link]");
    const single = field.dataset.single === "true";
    let timer = null;
    let found = [];
    let active = -1;

    function close() {
      options.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function pick(option) {
      if (!list.querySelector('li[data-iri="' + CSS.escape(option.iri) + '"]')) {
        if (single) {
          list.replaceChildren();
        }
        list.append(chip(list, option));
      }
      input.value = "";
      close();
      scheduleCheck();
    }

    function highlight(index) {
      const items = options.querySelectorAll("li[role=option]");
      items.forEach((item, i) => item.setAttribute("aria-selected", i === index ? "true" : "false"));
      active = index;
      if (items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      }
    }

    async function search() {
      const params = new URLSearchParams({ q: input.value.trim(), lang, graph: data.graph });
      for (const cls of input.dataset.classes.split(" ")) {
        params.append("class", cls);
      }
      const response = await fetch("/api/editor/options?" + params, { credentials: "same-origin" });
      if (!response.ok) {
        return;
      }
      found = await response.json();
      const typed = input.value.trim();
      if (/^(https?:\/\/|urn:)\S+$/.test(typed) && !found.some((o) => o.iri === typed)) {
        // A node named by its IRI: checked like any other link when the form is checked.
        found.unshift({ iri: typed, label: typed, lang: null, notation: null, own: false });
      }
      options.replaceChildren();
      found.forEach((option, i) => {
        const label = el("span", { text: option.label });
        if (option.lang && option.lang !== lang) {
          label.setAttribute("lang", option.lang);
        }
        const item = el("li", { role: "option", id: input.id + "-option-" + i, "aria-selected": "false", "data-iri": option.iri });
        if (option.notation) {
          item.append(el("span", { class: "badge sdg", text: option.notation }), " ");
        }
        item.append(label);
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          pick(option);
        });
        options.append(item);
      });
      if (!found.length) {
        options.append(el("li", { class: "muted", text: text("NoMatch") }));
      }
      options.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("focus", () => {
      clearTimeout(timer);
      timer = setTimeout(search, 50);
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && found.length) {
        event.preventDefault();
        highlight(Math.min(active + 1, found.length - 1));
      } else if (event.key === "ArrowUp" && found.length) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (active >= 0 && found[active]) {
          pick(found[active]);
        }
      } else if (event.key === "Escape") {
        close();
      }
    });
    list.addEventListener("click", (event) => {
      const remove = event.target.closest("button.remove");
      if (remove) {
        remove.closest("li").remove();
        scheduleCheck();
      }
    });
  }

  for (const field of form.querySelectorAll('.field[data-kind="link"]')) {
    setupPicker(field);
  }

  form.addEventListener("input", (event) => {
    if (!event.target.closest(".picker")) {
      scheduleCheck();
    }
  });
  form.addEventListener("change", (event) => {
    if (!event.target.closest(".picker")) {
      scheduleCheck();
    }
  });

  // ---- saving -----------------------------------------------------------------------

  function say(where, message, kind) {
    const box = document.getElementById(where);
    box.className = kind || "";
    box.textContent = message;
  }

  async function linkFrom(node) {
    // A node made from another one's form: that node now links to it.
    const from = await fetch("/api/nodes?iri=" + encodeURIComponent(data.from), { credentials: "same-origin" });
    if (!from.ok) {
      return;
    }
    const current = await from.json();
    const key = Object.keys(current.links).find((k) => k === data.via || expandKey(k, current.prefixes) === data.via);
    const targets = (key ? current.links[key] : []).concat([node]);
    await api("PATCH", "/api/nodes?" + nodeQuery(data.from), { links: { [data.via]: targets } }, { "If-Match": '"' + current.version + '"' });
  }

  function expandKey(key, prefixes) {
    const [prefix, local] = key.split(/:(.*)/s);
    return prefixes && prefix in prefixes ? prefixes[prefix] + local : key;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearTimeout(checkTimer);
    const button = document.getElementById("save-button");
    button.disabled = true;
    say("save-result", "");
    try {
      const response = data.node
        ? await api("PATCH", "/api/nodes?" + nodeQuery(data.node), body(), { "If-Match": '"' + version + '"' })
        : await api("POST", "/api/nodes?lang=" + lang, body());
      if (response.ok) {
        const saved = await response.json();
        version = saved.version;
        say("save-result", text("Saved"), "saved");
        if (data.from && data.via && !data.node) {
          await linkFrom(saved.iri);
        }
        const target = data.from && !data.node ? data.from : saved.iri;
        window.location.assign("/resource?" + nodeQuery(target));
        return;
      }
      if (response.status === 422) {
        say("save-result", text("SaveRefused"), "error");
        await runCheck();
      } else if (response.status === 409) {
        say("save-result", text("Conflict"), "error");
      } else if (response.status === 401) {
        say("save-result", text("SignedOut"), "error");
      } else {
        say("save-result", text("Failed", { detail: await detail(response) }), "error");
      }
    } finally {
      button.disabled = false;
    }
  });

  // ---- deleting ---------------------------------------------------------------------

  const deleteButton = document.getElementById("delete-button");
  const confirmBox = document.getElementById("delete-confirm");
  if (deleteButton && confirmBox) {
    deleteButton.addEventListener("click", async () => {
      const response = await fetch("/api/nodes?" + nodeQuery(data.node), { credentials: "same-origin" });
      if (!response.ok) {
        say("save-result", text("Failed", { detail: await detail(response) }), "error");
        return;
      }
      const node = await response.json();
      version = node.version;
      const box = document.getElementById("delete-dependents");
      box.replaceChildren();
      if (!node.incoming.length) {
        box.append(el("p", { text: text("DeleteNothing") }));
      } else {
        const elsewhere = node.incoming.some((link) => !link.same_graph);
        box.append(el("p", { text: elsewhere ? text("DeleteElsewhere") : text("DeleteHanging") }));
        const list = el("ul", { id: "delete-dependents-list" });
        for (const link of node.incoming) {
          list.append(
            el("li", {}, [
              el("a", { href: "/resource?" + nodeQuery(link.subject), text: link.subject_label || link.subject }),
              " ",
              el("span", { class: "muted", text: link.property_label || link.property }),
            ])
          );
        }
        box.append(list);
      }
      confirmBox.hidden = false;
      document.getElementById("delete-confirm-button").focus();
    });
    document.getElementById("delete-cancel-button").addEventListener("click", () => {
      confirmBox.hidden = true;
    });
    document.getElementById("delete-confirm-button").addEventListener("click", async () => {
      const response = await api("DELETE", "/api/nodes?" + nodeQuery(data.node), undefined, { "If-Match": '"' + version + '"' });
      if (response.ok) {
        window.location.assign("/?lang=" + lang);
        return;
      }
      let message = await detail(response.clone());
      if (response.status === 422) {
        const found = await response.json();
        const lines = found.report.results
          .filter((r) => r.severity === "Violation")
          .slice(0, 10)
          .map((r) => r.focus_label + ": " + r.message);
        message = text("SaveRefused") + " " + lines.join(" ");
      }
      say("delete-result", message, "error");
    });
  }

  if (data.node || form.querySelector("[data-label]").value) {
    runCheck();
  }
})();
