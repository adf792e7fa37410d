/**
 * Model-independent parts of the generated test/hostile.test.ts (generator/emitters/typescript/view-model/
 * hostile-tests.ts splices each region into it as it is). The declarations and blocks around the regions stand
 * for what the generated file defines and the test blocks the regions sit in.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

declare function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<string>;
declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: () => Promise<void>): void;

// #region drip
/** Writes `text` one byte every `everyMs` (at most `limit` bytes); counts what it pushed. */
function drip(res: ServerResponse, text: string, everyMs: number, pushed: { bytes: number }): void {
  let i = 0;
  const timer = setInterval(() => {
    if (i >= text.length || res.socket === null || res.socket.destroyed)
      return clearInterval(timer);
    res.socket.write(text[i++]!);
    pushed.bytes++;
  }, everyMs);
  res.socket?.on('close', () => clearInterval(timer));
}
// #endregion

describe('time limits', () => {
  it('response headers dripped', async () => {
    const pushed = { bytes: 0 };
    // #region drip-headers
    const url = await serve((_req, res) =>
      drip(res, 'HTTP/1.1 200 OK\r\n' + 'x-pad: ' + 'y'.repeat(200) + '\r\n\r\n', 100, pushed),
    );
    // #endregion
    void url;
  });
});
