// The start page while the server still prepares the goals' warnings and the party filter:
// fetch them (/start/parts waits until they are ready) and put them in place of the tree
// shown without them. Without JavaScript the notice's link reloads the page.
"use strict";

(function () {
  const notice = document.getElementById("start-pending");
  if (!notice) {
    return;
  }
  fetch(notice.dataset.parts, { headers: { Accept: "text/html" }, credentials: "same-origin" })
    .then((response) => {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.text();
    })
    .then((html) => {
      const parts = new DOMParser().parseFromString(html, "text/html");
      for (const part of parts.body.querySelectorAll(":scope > [id]")) {
        const shown = document.getElementById(part.id);
        if (shown) {
          shown.replaceWith(document.importNode(part, true));
        }
      }
      notice.remove();
    })
    .catch(() => {
      // The notice and its link stay: reloading shows the page once the parts are ready.
    });
})();
