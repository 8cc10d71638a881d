import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedAlert {
  /** When the webhook call arrived. */
  at: number;
  alertname: string;
  status: string;
  severity: string;
  startsAt: string;
}

/**
 * The webhook Alertmanager sends to (ALERTMANAGER_WEBHOOK_URL): every alert of
 * every notification, with the time it arrived — the end of the AL-3 path
 * (count connector → Prometheus rule → Alertmanager → a receiver).
 */
export class AlertReceiver {
  readonly alerts: ReceivedAlert[] = [];
  private constructor(private readonly server: Server) {}

  static async start(): Promise<AlertReceiver> {
    let receiver: AlertReceiver | undefined;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        try {
          const parsed = JSON.parse(body) as { alerts?: { status: string; labels: Record<string, string>; startsAt: string }[] };
          for (const a of parsed.alerts ?? []) {
            receiver?.alerts.push({
              at: Date.now(),
              alertname: a.labels.alertname ?? '?',
              status: a.status,
              severity: a.labels.severity ?? '',
              startsAt: a.startsAt,
            });
          }
        } catch {
          // Not Alertmanager's JSON: nothing to record.
        }
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new AlertReceiver(server);
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/alerts`;
  }

  /** The first firing notification of `alertname` at or after `since`. */
  firstFiring(alertname: string, since: number): ReceivedAlert | undefined {
    return this.alerts.find((a) => a.alertname === alertname && a.status === 'firing' && a.at >= since);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
