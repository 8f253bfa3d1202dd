import { Agent, request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { describeGeneratedService, startBuiltService } from '../helpers/matrix.js';

describeGeneratedService('minimal', {
  moreChecks: (projectDir) => {
    it('loses no request sent before SIGTERM, on new and on keep-alive connections, and exits 0', async () => {
      // Development runs without a drain delay; production's is 5 s. A second is enough on loopback.
      const service = await startBuiltService(projectDir(), process.execPath, {
        env: { SHUTDOWN_DRAIN_DELAY_MS: '1000' },
      });
      const results = await underLoad(service.url, async () => {
        const signalledAt = performance.now();
        await service.stop(); // SIGTERM, then expects exit code 0
        return signalledAt;
      });

      const beforeSignal = results.sent.filter((result) => result.sentAt < results.signalledAt);
      expect(beforeSignal.length).toBeGreaterThan(100);
      expect(beforeSignal.filter((result) => result.outcome !== '200')).toEqual([]);
    });
  },
});

/**
 * 32 clients send GET /health back to back, half on a new connection each time, half on a keep-alive connection
 * of their own, until `stop` (called after half a second) has returned. Each request records when it was sent
 * and its status, or the error it met (ECONNRESET, ECONNREFUSED...).
 */
async function underLoad(url: string, stop: () => Promise<number>) {
  const { hostname, port } = new URL(url);
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 16 });
  const sent: { sentAt: number; outcome: string }[] = [];
  let stopped = false;
  const send = (agent: Agent | false) =>
    new Promise<string>((resolve) => {
      const request = httpRequest({ host: hostname, port, path: '/health', agent }, (response) => {
        response.resume();
        response.on('end', () => resolve(String(response.statusCode)));
      });
      request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      request.end();
    });
  const client = async (agent: Agent | false) => {
    while (!stopped) {
      const sentAt = performance.now();
      sent.push({ sentAt, outcome: await send(agent) });
      // Once the server is gone, requests fail at once: give the loop a breath rather than spin.
      if (sent.at(-1)!.outcome !== '200') await sleep(10);
    }
  };
  const clients = Array.from({ length: 32 }, (_, index) => client(index % 2 === 0 ? false : keepAlive));
  await sleep(500);
  const signalledAt = await stop();
  stopped = true;
  await Promise.all(clients);
  keepAlive.destroy();
  return { sent, signalledAt };
}
