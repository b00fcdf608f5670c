import type { APIContext } from '../../types';
import { kActionContext, type ActionAPIContext } from './define';

// What a handler sees of the request's context (Astro 6/7's ActionAPIContext: an endpoint's,
// without `rewrite`, `redirect`, `props`, `response`, `getActionResult`, `callAction`).
const KEYS = [
  'request',
  'url',
  'params',
  'routePattern',
  'site',
  'generator',
  'clientAddress',
  'isPrerendered',
  'cookies',
  'session',
  'preferredLocale',
  'preferredLocaleList',
  'currentLocale',
  'originPathname',
  'logger',
  'csp',
] as const;

const kTarget = Symbol('target');

/** A live view of a render context for action handlers: reads go to the context itself. */
class ActionContextView {
  readonly [kTarget]: APIContext;
  constructor(target: APIContext) {
    this[kTarget] = target;
  }
  get [kActionContext](): true {
    return true;
  }
  get locals(): App.Locals {
    return this[kTarget].locals;
  }
  set locals(value: App.Locals) {
    (this[kTarget] as { locals: App.Locals }).locals = value; // throws LocalsReassigned, as on the context
  }
}

for (const key of KEYS) {
  Object.defineProperty(ActionContextView.prototype, key, {
    get(this: ActionContextView) {
      return this[kTarget][key];
    },
    enumerable: true,
  });
}

const views = new WeakMap<object, ActionAPIContext>();

/** The action context of a render context (one per context). */
export function toActionContext(context: APIContext): ActionAPIContext {
  let view = views.get(context);
  if (view === undefined) views.set(context, (view = new ActionContextView(context) as unknown as ActionAPIContext));
  return view;
}
