// Serves / without a redirect: the browser keeps /old-home in its address bar.
exports.GET = ({ rewrite }) => rewrite('/');
