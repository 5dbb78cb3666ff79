// The history on a node's page: "restore as it was before" undoes a change and every later
// one through the JSON API (/api/history/restore), with the page's CSRF token.
"use strict";

(function () {
  const section = document.getElementById("history");
  if (!section) {
    return;
  }
  const status = document.getElementById("history-status");
  section.addEventListener("click", async (event) => {
    const button = event.target.closest("button.restore");
    if (!button) {
      return;
    }
    button.disabled = true;
    const params = new URLSearchParams({
      iri: section.dataset.node,
      change: button.dataset.change,
      lang: section.dataset.lang,
    });
    try {
      const response = await fetch("/api/history/restore?" + params, {
        method: "POST",
        headers: { "X-CSRF-Token": section.dataset.csrf, Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        window.location.reload();
        return;
      }
      let message = response.status + " " + response.statusText;
      try {
        const found = await response.json();
        message = typeof found.detail === "string" ? found.detail : message;
        if (found.report) {
          message += " " + found.report.results
            .filter((r) => r.severity === "Violation")
            .slice(0, 5)
            .map((r) => r.focus_label + ": " + r.message)
            .join(" ");
        }
      } catch (error) {
        // The answer was not JSON; its status says enough.
      }
      status.className = "error";
      status.textContent = message;
    } finally {
      button.disabled = false;
    }
  });
})();
