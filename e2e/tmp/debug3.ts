import { startFullPlatform } from '../src/support/full-platform';
import { runFaultScenario } from '../src/support/fault-scenario';
(async () => {
  const p = await startFullPlatform();
  const timer = setInterval(() => { if (p.unexpectedExits.length) { console.log('UNEXPECTED', p.unexpectedExits.join('\n-----\n')); p.unexpectedExits.length = 0; } }, 1000);
  try {
    const r = await runFaultScenario(p, { leads: 100, repliers: 40, senders: 2, senderKillEveryMs: 3000, postgresDownMs: 10_000, timeoutMs: 240_000, onProgress: (l) => console.log('PROGRESS', new Date().toISOString(), l) });
    console.log('REPORT', JSON.stringify({ ...r, violations: r.violations.slice(0, 10) }, null, 1));
  } finally {
    clearInterval(timer);
    await p.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
