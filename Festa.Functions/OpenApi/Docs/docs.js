// Festa's API reference: Swagger UI rendering this app's OpenAPI document (GET /api/openapi.json, relative to
// /api/docs). A file of its own, not an inline script, so the page runs under a CSP without 'unsafe-inline'.
window.addEventListener('DOMContentLoaded', function () {
  window.ui = SwaggerUIBundle({
    url: 'openapi.json',
    dom_id: '#api-reference',
    deepLinking: true,
    validatorUrl: null, // the default would send the document to validator.swagger.io
    tryItOutEnabled: false,
    withCredentials: true,
  });
});
