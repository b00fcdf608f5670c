// Raw node:http: the handler is the server's request listener.
import { raw } from '../shared.mjs';

export function create(scenario) {
  return raw[scenario];
}
