/**
 * The /docs page: plain HTML plus one same-origin script, because the CSP allows no inline
 * script and no CDN. URLs are relative (`docs/app.js`, `openapi.json`) so the page keeps working
 * if the API router is mounted under a prefix. The script builds the DOM with textContent only:
 * summaries and descriptions come from route definitions and are never parsed as HTML.
 */

export const docsHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Plantkeep API</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
  details { border: 1px solid #ccc; border-radius: 4px; margin: 0.4rem 0; padding: 0.4rem 0.6rem; }
  summary { cursor: pointer; display: flex; gap: 0.8rem; align-items: baseline; }
  .method { font-weight: bold; min-width: 4.5rem; text-transform: uppercase; }
  .get { color: #1565c0; } .post { color: #2e7d32; } .patch, .put { color: #ef6c00; }
  .delete { color: #c62828; }
  .muted { color: #666; }
  pre { background: #f5f5f5; padding: 0.6rem; overflow-x: auto; font-size: 0.85rem; }
</style>
</head>
<body>
<main id="app"><p>Loading the API description…</p><noscript>This page needs JavaScript; the raw description is at <a href="openapi.json">openapi.json</a>.</noscript></main>
<script src="docs/app.js" defer></script>
</body>
</html>
`;

export const docsScript = `'use strict';
(function () {
  var root = document.getElementById('app');
  var methods = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head'];

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function json(title, value) {
    var section = el('div');
    section.append(el('h4', title), el('pre', JSON.stringify(value, null, 2)));
    return section;
  }

  function operation(path, method, op) {
    var details = el('details');
    var summary = el('summary');
    summary.append(el('span', method, 'method ' + method), el('code', path));
    summary.append(el('span', op.summary || '', 'muted'));
    if (op.security && op.security.length) summary.append(el('span', '(auth)', 'muted'));
    details.append(summary);
    if (op.description) details.append(el('p', op.description));
    if (op.parameters && op.parameters.length) details.append(json('Parameters', op.parameters));
    if (op.requestBody) details.append(json('Request body', op.requestBody));
    var responses = op.responses || {};
    Object.keys(responses).forEach(function (status) {
      details.append(json('Response ' + status, responses[status]));
    });
    return details;
  }

  function render(doc) {
    var info = doc.info || {};
    document.title = (info.title || 'API') + ' v' + (info.version || '?');
    var children = [el('h1', document.title)];
    if (info.description) children.push(el('p', info.description));
    var link = el('a', 'openapi.json');
    link.href = 'openapi.json';
    var raw = el('p', 'Raw description: ', 'muted');
    raw.append(link);
    children.push(raw);
    var paths = doc.paths || {};
    Object.keys(paths).sort().forEach(function (path) {
      methods.forEach(function (method) {
        var op = paths[path][method];
        if (op) children.push(operation(path, method, op));
      });
    });
    if (children.length === 3) children.push(el('p', 'No documented routes yet.'));
    var schemas = (doc.components && doc.components.schemas) || {};
    if (Object.keys(schemas).length) {
      children.push(el('h2', 'Schemas'));
      Object.keys(schemas).sort().forEach(function (name) {
        children.push(json(name, schemas[name]));
      });
    }
    root.replaceChildren.apply(root, children);
  }

  fetch('openapi.json', { headers: { accept: 'application/json' } })
    .then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    })
    .then(render)
    .catch(function (err) {
      root.replaceChildren(el('p', 'Could not load the API description: ' + err.message));
    });
})();
`;
