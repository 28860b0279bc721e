import { startFullPlatform } from '../src/support/full-platform';
(async () => {
  const p = await startFullPlatform();
  try {
    await Promise.all([p.start('reply-matcher'), p.start('sequencer'), p.start('outbound-sender', 1)]);
    await p.redis.stop(); await p.redis.start();
    console.log('redis restarted');
    await new Promise((r) => setTimeout(r, 3000));
    console.log('unexpected after redis', p.unexpectedExits.map((x) => x.slice(0, 3000)));
    await p.postgres.stop();
    await new Promise((r) => setTimeout(r, 10000));
    await p.postgres.start();
    await new Promise((r) => setTimeout(r, 8000));
    console.log('unexpected after pg', p.unexpectedExits.map((x) => x.slice(0, 4000)));
  } finally {
    await p.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
