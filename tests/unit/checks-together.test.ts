// Probes sent together (src/checks/together.ts): at once above one request in flight, one after
// another at one; evidence handed on in the items' order whatever order the answers come in; a probe
// that throws throws only once every other probe has finished, so none keeps sending after its check.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Reply } from '../../src/http/client.ts';
import type { CheckContext } from '../../src/checks/model.ts';
import { together } from '../../src/checks/together.ts';
import { DEFAULT_LIMITS } from '../../src/session/model.ts';

function context(concurrency: number, touched: string[]): CheckContext {
  return {
    session: { limits: { ...DEFAULT_LIMITS, concurrency } },
    touched: (reply: Reply) => touched.push(reply.url),
  } as unknown as CheckContext;
}

const reply = (url: string) => ({ url }) as Reply;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('together', () => {
  it('runs probes at once and hands their evidence on in the items order', async () => {
    const touched: string[] = [];
    let inFlight = 0;
    let peak = 0;
    const results = await together(context(4, touched), [30, 1, 15], async (ctx, ms, i) => {
      peak = Math.max(peak, ++inFlight);
      await sleep(ms);
      ctx.touched(reply(`a${i}`));
      ctx.touched(reply(`b${i}`));
      inFlight--;
      return ms * 2;
    });
    assert.deepEqual(results, [60, 2, 30]);
    assert.equal(peak, 3);
    assert.deepEqual(touched, ['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
  });

  it('at one request in flight, one probe after another', async () => {
    const touched: string[] = [];
    let inFlight = 0;
    let peak = 0;
    await together(context(1, touched), [5, 1, 3], async (ctx, ms, i) => {
      peak = Math.max(peak, ++inFlight);
      await sleep(ms);
      ctx.touched(reply(`p${i}`));
      inFlight--;
    });
    assert.equal(peak, 1);
    assert.deepEqual(touched, ['p0', 'p1', 'p2']);
  });

  it('a probe that throws throws once the others have finished, with the evidence they gathered', async () => {
    const touched: string[] = [];
    let slowDone = false;
    await assert.rejects(
      together(context(4, touched), ['boom', 'slow'], async (ctx, what) => {
        if (what === 'boom') throw new Error('probe failed');
        await sleep(20);
        ctx.touched(reply('slow'));
        slowDone = true;
      }),
      /probe failed/,
    );
    assert.equal(slowDone, true, 'the slow probe had finished before the error came out');
    assert.deepEqual(touched, ['slow']);
  });
});
