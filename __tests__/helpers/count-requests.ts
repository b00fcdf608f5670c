// Imported first by tests that count Requests: the global Request becomes a counting subclass
// before the library loads, so classes the library derives from Request (its ParsedRequest)
// count too.
export const NodeRequest = globalThis.Request;
export const counter = { built: 0 };

globalThis.Request = class extends NodeRequest {
  constructor(...args: ConstructorParameters<typeof Request>) {
    super(...args);
    counter.built++;
  }
};
