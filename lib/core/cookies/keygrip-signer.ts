import Keygrip from 'keygrip';
import type { CookieSigner } from './options';

/**
 * Koa's signed-cookie format (`ctx.cookies.set(name, value, { signed: true })` with `app.keys`):
 * the value as is, plus `<name>.sig` = keygrip's signature of `<name>=<value>`. The first key
 * signs, any key verifies (key rotation). `undefined` when the app has no keys.
 */
export function koaCookieSigner(keys: unknown): CookieSigner | undefined {
  const grip = toKeygrip(keys);
  if (grip === undefined) return undefined;
  return {
    style: 'companion',
    sign: (data) => grip.sign(data),
    unsign: () => false,
    verify: (data, signature) => grip.verify(data, signature),
  };
}

function toKeygrip(keys: unknown): Keygrip | undefined {
  if (Array.isArray(keys) && keys.length > 0 && keys.every((k) => typeof k === 'string')) return new Keygrip(keys as string[]);
  const grip = keys as Partial<Keygrip> | undefined;
  if (grip && typeof grip.sign === 'function' && typeof grip.verify === 'function') return grip as Keygrip;
  return undefined;
}
