// One file per post: /posts/post-1/index.html …
'use strict';
const { posts } = require('../../posts');
exports.getStaticPaths = async () => posts.map((post) => ({ params: { slug: post.slug }, props: { post } }));
exports.default = ({ props, locals }) => `<h1>${props.post.title}</h1><p>${props.post.body}</p><p>Rendered at ${locals.renderedAt}.</p>`;
