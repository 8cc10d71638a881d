import { connect } from 'node:http2';
import { request } from 'node:https';

/** POST a JSON body over https trusting `ca`; resolves with the status (0 when the connection failed). */
export function postJson(url: string, body: unknown, ca: Buffer, headers: Record<string, string> = {}): Promise<number> {
  const target = new URL(url);
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = request(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        ca,
        timeout: 10_000,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end(payload);
  });
}

/**
 * One gRPC call of OTLP's LogsService/Export with an empty request, over TLS,
 * by hand on node:http2 (no gRPC library needed): resolves with the
 * grpc-status the server answered (0 OK, 16 UNAUTHENTICATED, …).
 */
export function grpcExportLogs(hostPort: string, ca: Buffer, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const session = connect(`https://${hostPort}`, { ca });
    session.on('error', reject);
    const stream = session.request({
      ':method': 'POST',
      ':path': '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
      'content-type': 'application/grpc',
      te: 'trailers',
      ...headers,
    });
    let status: number | undefined;
    const take = (h: Record<string, unknown>): void => {
      if (h['grpc-status'] !== undefined) status = Number(h['grpc-status']);
    };
    stream.on('response', take);
    stream.on('trailers', take);
    stream.on('data', () => undefined);
    stream.on('close', () => {
      session.close();
      if (status === undefined) reject(new Error('no grpc-status'));
      else resolve(status);
    });
    stream.on('error', reject);
    // A gRPC message: not compressed (0), length 0 — an empty ExportLogsServiceRequest.
    stream.end(Buffer.from([0, 0, 0, 0, 0]));
  });
}
