// An Astro page (default export): the login form.
export default function login({ url, response }) {
  response.headers.set('cache-control', 'no-store');
  const next = url.searchParams.get('next') ?? '/';
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Log in</title></head>
<body>
  <h1>Log in</h1>
  <form method="post" action="/session/login">
    <input type="hidden" name="next" value="${next.replace(/"/g, '&quot;')}">
    <label>Name <input name="name" autocomplete="username"></label>
    <button>Log in</button>
  </form>
</body></html>`;
}
