// A page: the default export gets the context and returns HTML.
exports.default = ({ locals, generator }) =>
  `<!doctype html><h1>Hello, ${locals.user ?? 'stranger'}</h1><p>Rendered by ${generator}</p>`;
