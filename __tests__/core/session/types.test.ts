// Type test: App.SessionData types session.get() and session.set() the Astro way. `npx tsc`
// type-checks this file; each expected-error directive fails the build if the typing regresses.
import { AstroSession } from '../../../lib/core/session';
import { Browser, setup } from '../../helpers/session';

declare global {
  namespace App {
    interface SessionData {
      typeTestCart: Array<{ sku: string; qty: number }>;
      typeTestVisits: number;
    }
  }
}

async function typed(session: AstroSession) {
  // @ts-expect-error -- typeTestCart holds items, not a string
  session.set('typeTestCart', 'nope');
  // @ts-expect-error -- qty is a number
  session.set('typeTestCart', [{ sku: 'a', qty: '1' }]);
  session.set('typeTestCart', [{ sku: 'a', qty: 1 }]);
  session.set('typeTestVisits', 1, { ttl: 60 });
  const cart = await session.get('typeTestCart');
  const qty: number | undefined = cart?.[0]?.qty;
  // @ts-expect-error -- get() may return undefined
  const visits: number = await session.get('typeTestVisits');
  // Undeclared keys are `any`, and an explicit type parameter wins.
  session.set('anything', { free: new Date() });
  const explicit = await session.get<string>('other');
  const text: string | undefined = explicit;
  session.set<number>('counter', 1);
  // @ts-expect-error -- the explicit type parameter is enforced
  session.set<number>('counter', 'one');
  return [qty, visits, text];
}

describe('App.SessionData typing', () => {
  it('compiles, and the typed calls work at run time', async () => {
    const { config, storage } = setup();
    const browser = new Browser(config, storage);
    const [qty] = await browser.request((s) => typed(s));
    expect(qty).toBe(1);
  });
});
