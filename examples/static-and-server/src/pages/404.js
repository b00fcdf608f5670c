'use strict';
exports.prerender = false;
exports.default = ({ url }) => `<h1>Not found</h1><p>Nothing lives at ${url.pathname}.</p>`;
