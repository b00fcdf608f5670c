import type { APIContext } from '../../types';
import type { ResolvedI18n } from './config';

/** Where a request's pathname sits: the mount path, and the path below mount and base. */
export interface Located {
  /** mount path + base, `''` at the root. */
  prefix: string;
  /** The pathname below mount and base (`''` or `/…`), `undefined` outside the base. */
  rel: string | undefined;
}

/** Splits the request's pathname into the host's mount path + the i18n base, and the rest. */
export function locate(context: APIContext, i18n: ResolvedI18n, mountPath: (context: APIContext) => string): Located {
  const { pathname } = context.url;
  const mount = mountPath(context);
  const inMount = mount !== '' && (pathname === mount || pathname.startsWith(`${mount}/`));
  const belowMount = inMount ? pathname.slice(mount.length) || '/' : pathname;
  const prefix = (inMount ? mount : '') + i18n.base;
  const { base } = i18n;
  let rel: string | undefined = belowMount;
  if (base) rel = belowMount === base || belowMount.startsWith(`${base}/`) ? belowMount.slice(base.length) : undefined;
  return { prefix, rel };
}

/** Whether a path below mount and base is the root. */
export const isRoot = (rel: string): boolean => rel === '' || rel === '/';
