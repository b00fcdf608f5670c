// paginate(): /blog, /blog/2, /blog/3 (three posts a page).
'use strict';
const { posts } = require('../../posts');
exports.getStaticPaths = ({ paginate }) => paginate(posts, { pageSize: 3 });
exports.default = ({ props: { page } }) =>
  `<h1>Page ${page.currentPage} of ${page.lastPage}</h1><ul>${page.data.map((p) => `<li>${p.title}</li>`).join('')}</ul>` +
  (page.url.prev ? `<a href="${page.url.prev}">Newer</a> ` : '') +
  (page.url.next ? `<a href="${page.url.next}">Older</a>` : '');
