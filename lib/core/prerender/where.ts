import path from 'node:path';

/** What errors say about a route: its pattern, and its file when it was discovered. */
export function describeRoute(route: { route: string; file?: string }): string {
  if (route.file === undefined) return `the route '${route.route}'`;
  const relative = path.relative(process.cwd(), route.file);
  return `the route '${route.route}' (${relative.startsWith('..') ? route.file : relative})`;
}
