/**
 * The baseline: the least an Express 5 webhook receiver can do (raw body whatever the Content-Type,
 * constant-time secret check, JSON.parse, 200). Run by run.ts as its own process so that it, like
 * webhook-ingest, has a core's event loop to itself rather than sharing the load generator's.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express from 'express';

const port = Number(process.env.BARE_PORT);
const header = (process.env.BARE_HEADER ?? 'Unipile-Auth').toLowerCase();
const expected = createHash('sha256')
  .update(process.env.BARE_SECRET ?? '')
  .digest();

const app = express();
app.disable('x-powered-by');
app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});
app.post('/api/webhooks/unipile/messaging', express.raw({ type: () => true, limit: '1mb' }), (req, res) => {
  const presented = req.get(header);
  if (!presented || !timingSafeEqual(createHash('sha256').update(presented).digest(), expected)) {
    res.status(401).json({ error: 'unauthorized' });
    return;
  }
  try {
    JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
  } catch {
    res.status(400).json({ error: 'invalid_json' });
    return;
  }
  res.status(200).json({ status: 'accepted', kind: 'messaging' });
});

const server = app.listen(port, '127.0.0.1');
server.keepAliveTimeout = 65_000;
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
