// A prerendered endpoint: written as dist/rss.xml, served with the type it answered with.
'use strict';
const { posts } = require('../posts');
exports.GET = ({ site }) =>
  new Response(
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>${posts
      .map((p) => `<item><title>${p.title}</title><link>${new URL(`/posts/${p.slug}`, site)}</link></item>`)
      .join('')}</channel></rss>`,
    { headers: { 'content-type': 'application/rss+xml; charset=utf-8' } },
  );
