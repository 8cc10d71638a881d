import express, { type Express } from 'express';
import type { JewelryLogger } from '@jewelry/logger';
import { activeTraceId, errorHandler, healthRoute, userIdOf } from '@jewelry-examples/common';
import type { Database } from '@jewelry-examples/common/db';
import { parseDashboardFilters } from './dashboard';
import type { MesRepository } from './repository';

export function createApp(deps: { log: JewelryLogger; db: Database; repo: MesRepository }): Express {
  const { log, db, repo } = deps;
  const app = express();

  app.get(
    '/health',
    healthRoute('mes-api', {
      database: async () =>
        await db.pool.query('SELECT 1').then(
          () => true,
          () => false,
        ),
    }),
  );

  app.get('/dashboard', async (req, res) => {
    const userId = userIdOf(req.get('x-user-id'), 'mes-dashboard');
    const parsed = parseDashboardFilters(req.query as Record<string, unknown>);
    if (!parsed.ok) {
      log.warn('dashboard query refused: invalid filters', { 'user.id': userId, 'validation.errors': parsed.errors });
      res.status(400).json({ error: 'invalid filters', fields: parsed.errors, traceId: activeTraceId() });
      return;
    }
    log.debug('dashboard query', { 'user.id': userId, 'dashboard.filters': parsed.value });
    let orders: Record<string, unknown>[];
    try {
      orders = await repo.dashboard(parsed.value);
    } catch (err) {
      const kind = db.reportFailure(err, 'dashboard query', { 'user.id': userId });
      res
        .status(kind === 'unreachable' ? 503 : 500)
        .json({ error: kind === 'unreachable' ? 'database unavailable' : 'internal error', traceId: activeTraceId() });
      return;
    }
    log.events.dashboardQueried({ userId, filters: parsed.value, ordersLoaded: orders.length });
    res.json({ count: orders.length, orders, filters: parsed.value, traceId: activeTraceId() });
  });

  app.use(errorHandler(log));
  return app;
}
