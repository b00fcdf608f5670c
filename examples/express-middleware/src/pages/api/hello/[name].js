// An endpoint: exports named after HTTP methods.
exports.GET = ({ params, locals }) => Response.json({ hello: params.name, by: locals.user ?? null });
