'use strict';
const { posts } = require('../posts');
exports.default = ({ locals }) =>
  `<h1>Blog</h1><ul>${posts.map((p) => `<li><a href="/posts/${p.slug}">${p.title}</a></li>`).join('')}</ul>` +
  `<p>Rendered at ${locals.renderedAt}. <a href="/blog">All pages</a> · <a href="/account">Account</a></p>`;
