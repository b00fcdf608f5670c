import { captureResponse, type Capture } from '../node/capture';
import { failAfterHost, respond } from '../node/respond';
import { sendResponse } from '../node/send';
import { Exchange } from './exchange';
import { sendFile, type StaticFile } from './send-file';

/**
 * An exchange with a host that writes to `res` itself (Express, connect, node:http): the host's
 * next handlers run with `res` captured, so middleware's `next()` resolves to what they wrote.
 */
export abstract class CapturingExchange extends Exchange {
  /** The host's response, captured once middleware handed the request on. */
  capture: Capture | undefined;
  /** Reports an error nothing else can take (the renderer's logger). */
  protected abstract readonly report: (error: unknown) => void;

  /** Runs the host's next handlers (`next()`), with `target` applied to `req.url` first. */
  protected abstract runNext(target: string | undefined): void;
  /** An error before the host's handlers ran: the host's own error handling takes it. */
  protected abstract hostError(error: unknown): unknown;

  protected handOn(target: string | undefined): Promise<Response> {
    const capture = (this.capture = captureResponse(this.res));
    this.runNext(target);
    return capture.response;
  }

  sendFile(file: StaticFile): Promise<boolean> {
    return sendFile(this.req, this.res, file);
  }

  send(response: Response): void {
    const { capture } = this;
    if (capture !== undefined) {
      respond(this.res, response, this.method, capture).catch((error: unknown) => failAfterHost(this.res, capture, error, this.report));
      return;
    }
    try {
      // Written synchronously for string/bytes bodies: no promise, no extra tick.
      sendResponse(this.res, response, this.method)?.catch((error: unknown) => this.hostError(error));
    } catch (error) {
      this.hostError(error);
    }
  }

  fail(error: unknown): void {
    const { capture } = this;
    // After the host ran its handlers it cannot take the error as well.
    if (capture === undefined) this.hostError(error);
    else failAfterHost(this.res, capture, error, this.report);
  }
}
