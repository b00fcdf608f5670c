// On demand: it reads the visitor's cookie, which a prerendered page never sees.
'use strict';
exports.prerender = false;
exports.default = ({ cookies, locals }) => `<h1>Hello, ${cookies.get('name')?.value ?? 'stranger'}</h1><p>Rendered at ${locals.renderedAt}.</p>`;
