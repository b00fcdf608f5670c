// The host matrix: the five hosts every host-facing suite runs on, and `describeEachHost`.

/* eslint-disable @typescript-eslint/no-require-imports */
// Every supported major, installed side by side through npm aliases.
const express4 = require('express4');
const express5 = require('express5');
const koa2 = require('koa2');
const koa3 = require('koa3');
/* eslint-enable @typescript-eslint/no-require-imports */

export type HostName = 'express4' | 'express5' | 'koa2' | 'koa3' | 'node';
export type Framework = Exclude<HostName, 'node'>;
export type Family = 'express' | 'koa' | 'node';
export const EXPRESS_HOSTS = ['express4', 'express5'] as const;
export const KOA_HOSTS = ['koa2', 'koa3'] as const;
export const FRAMEWORK_HOSTS = [...EXPRESS_HOSTS, ...KOA_HOSTS] as const;
/** Every host, the plain node:http listener included: the columns of the matrix. */
export const ALL_HOSTS = [...FRAMEWORK_HOSTS, 'node'] as const;

export function isExpress(host: HostName): host is 'express4' | 'express5' {
  return host === 'express4' || host === 'express5';
}

export function isKoa(host: HostName): host is 'koa2' | 'koa3' {
  return host === 'koa2' || host === 'koa3';
}

export function familyOf(host: HostName): Family {
  return isExpress(host) ? 'express' : isKoa(host) ? 'koa' : 'node';
}

/** The Express constructor of a host name ('express4' | 'express5'). */
export function expressOf(host: HostName) {
  if (!isExpress(host)) throw new Error(`${host} is not an Express host`);
  return host === 'express4' ? express4 : express5;
}

/** The Koa constructor of a host name ('koa2' | 'koa3'). */
export function koaOf(host: HostName) {
  if (!isKoa(host)) throw new Error(`${host} is not a Koa host`);
  return host === 'koa2' ? koa2 : koa3;
}

/**
 * Why a column of the matrix does not run, keyed by host name or family (a host name wins).
 * The reason shows in jest's output as a skipped test, so no column is dropped silently.
 */
export type Skips = Partial<Record<HostName | Family, string>>;

/**
 * `describe` once per host of `hosts` (default: all five). `title` may hold `%s` for the host
 * name; without it ` on <host>` is appended. A host in `skip` gets one skipped test that names
 * the reason instead of the block.
 */
export function describeEachHost(
  title: string,
  fn: (host: HostName) => void,
  { hosts = ALL_HOSTS, skip = {} }: { hosts?: readonly HostName[]; skip?: Skips } = {},
): void {
  for (const host of hosts) {
    const name = title.includes('%s') ? title.replace('%s', host) : `${title} on ${host}`;
    const reason = skip[host] ?? skip[familyOf(host)];
    if (reason !== undefined) {
      describe(name, () => it.skip(`not on ${host}: ${reason}`, () => {}));
      continue;
    }
    describe(name, () => fn(host));
  }
}

/** An Express app, a Koa app or a `NodeApp`, as handed to `before`/`after` (tests branch on the host). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HostApp = any;
