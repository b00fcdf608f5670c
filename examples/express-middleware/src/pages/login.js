exports.default = ({ response }) => {
  response.headers.set('cache-control', 'no-store');
  return '<!doctype html><h1>Please log in</h1>';
};
