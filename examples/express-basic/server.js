// An existing Express app that adds Astro-style endpoints with astro-bridge.
// Run from the repository root: npm run example -- express-basic
'use strict';
const express = require('express');
const { renderer } = require('astro-bridge/express');

const posts = new Map([
  ['1', { id: '1', title: 'Hello from Astro-style routes' }],
  ['2', { id: '2', title: 'Still an Express app' }],
]);

const app = express();
app.use(express.json());

// Express middleware before the renderer: its res.locals is context.locals.
app.use((req, res, next) => {
  res.locals.requestId = req.get('x-request-id') ?? 'none';
  next();
});

app.use(
  renderer({
    routes: {
      '/api/posts': {
        GET: () => Response.json([...posts.values()]),
        POST: async ({ request }) => {
          const { title } = await request.json();
          if (typeof title !== 'string' || title === '') {
            return Response.json({ error: 'title is required' }, { status: 400 });
          }
          const post = { id: String(posts.size + 1), title };
          posts.set(post.id, post);
          return Response.json(post, { status: 201, headers: { Location: `/api/posts/${post.id}` } });
        },
      },
      '/api/posts/[id]': {
        GET: ({ params }) => {
          const post = posts.get(params.id);
          return post ? Response.json(post) : Response.json({ error: 'not found' }, { status: 404 });
        },
      },
      '/api/whoami': {
        GET: ({ url, clientAddress, locals, generator }) =>
          Response.json({ url: url.href, clientAddress, requestId: locals.requestId, generator }),
      },
      '/old-home': { GET: ({ redirect }) => redirect('/', 301) },
    },
  }),
);

// Everything the renderer does not own is still Express's.
app.get('/', (req, res) => {
  res.type('html').send('<h1>Express home</h1><p>Try <a href="/api/posts">/api/posts</a>.</p>');
});

module.exports = { app };

if (require.main === module) {
  const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () =>
    console.log(`express-basic listening on http://127.0.0.1:${server.address().port}/`),
  );
}
