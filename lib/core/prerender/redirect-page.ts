const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * What a prerendered redirect becomes (a file cannot carry a status): Astro's page with a
 * `<meta http-equiv="refresh">` and a canonical link. A 302 waits 2 seconds, so search engines
 * read it as temporary, as in Astro.
 */
export function redirectPage(status: number, location: string, absoluteLocation: string, from: string): string {
  const delay = status === 302 ? 2 : 0;
  const rel = escapeHtml(location);
  return `<!doctype html>
<title>Redirecting to: ${rel}</title>
<meta http-equiv="refresh" content="${delay};url=${rel}">
<meta name="robots" content="noindex">
<link rel="canonical" href="${escapeHtml(absoluteLocation)}">
<body>
	<a href="${rel}">Redirecting from <code>${escapeHtml(from)}</code> to <code>${rel}</code></a>
</body>`;
}
