// The "database": in a real app, a CMS or files read at build time.
'use strict';
const posts = Array.from({ length: 7 }, (_, i) => ({
  slug: `post-${i + 1}`,
  title: `Post number ${i + 1}`,
  body: `This is post ${i + 1}, rendered once at build time.`,
}));
module.exports = { posts };
