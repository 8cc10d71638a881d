// The HTTP core both REST clients of the CLI share (Elasticsearch, Kibana):
// one fetch with a time limit, the body parsed as JSON when it is JSON, and
// "cannot reach" told apart from an HTTP error answer.

export interface HttpAnswer {
  status: number;
  /** Parsed JSON, or the raw text (HEAD answers, _cat formats, a proxy's HTML page), or '' for no body. */
  body: unknown;
}

/** The request never got an answer: connection refused, DNS, time-out. `why` is the most specific cause. */
export class UnreachableError extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

export async function requestJson(url: string, init: RequestInit, timeoutMs: number): Promise<HttpAnswer> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new UnreachableError(cause?.code ?? cause?.message ?? (err as Error).message);
  }
  return { status: res.status, body: parseBody(await res.text()) };
}

/** JSON when it is JSON, else the text itself. */
export function parseBody(text: string): unknown {
  if (text === '') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
