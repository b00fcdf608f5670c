// An on-demand API beside the static pages: likes change at run time.
'use strict';
exports.prerender = false;
const likes = new Map();
exports.GET = ({ params }) => Response.json({ slug: params.slug, likes: likes.get(params.slug) ?? 0 });
exports.POST = ({ params }) => {
  likes.set(params.slug, (likes.get(params.slug) ?? 0) + 1);
  return Response.json({ slug: params.slug, likes: likes.get(params.slug) }, { status: 201 });
};
