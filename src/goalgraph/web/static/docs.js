// Starts Swagger UI on /docs from a file of its own: the pages allow no inline script.
(function () {
  "use strict";
  var target = document.getElementById("swagger-ui");
  window.goalgraphDocs = SwaggerUIBundle({
    url: target.getAttribute("data-openapi"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    // The default would fetch a validity badge from another host.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
})();
