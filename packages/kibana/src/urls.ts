// Links into Kibana: a saved search opened in Discover with another query
// (the `_a` app state in the URL overrides the saved query; columns and sort
// stay the saved search's). What the demo and the CLI print as a hint.
import { spacePath } from './client';
import { ORDER_SEARCH_ID, TRACE_SEARCH_ID, orderQuery, traceQuery } from './searches';
import { JEWELRY_SPACE_ID } from './security';

/** A rison string literal (Kibana's URL state encoding): `'` and `!` are escaped with `!`. */
function risonString(value: string): string {
  return `'${value.replace(/!/g, '!!').replace(/'/g, "!'")}'`;
}

export interface DiscoverLinkOptions {
  readonly space?: string;
  /** Time range; default the last 90 days (an order may take months, SPEC's stuck orders). */
  readonly from?: string;
  readonly to?: string;
}

export function discoverSearchUrl(kibanaUrl: string, searchId: string, kql: string, options: DiscoverLinkOptions = {}): string {
  const base = kibanaUrl.replace(/\/+$/, '');
  const g = `(time:(from:${risonString(options.from ?? 'now-90d')},to:${risonString(options.to ?? 'now')}))`;
  const a = `(query:(language:kuery,query:${risonString(kql)}))`;
  const path = spacePath(options.space ?? JEWELRY_SPACE_ID, `/app/discover#/view/${encodeURIComponent(searchId)}`);
  return `${base}${path}?_g=${encodeURIComponent(g)}&_a=${encodeURIComponent(a)}`;
}

/** Discover with the log records of one trace (the `jewelry-search-trace` saved search). */
export function traceDiscoverUrl(kibanaUrl: string, traceId: string, options: DiscoverLinkOptions = {}): string {
  return discoverSearchUrl(kibanaUrl, TRACE_SEARCH_ID, traceQuery(traceId), options);
}

/** Discover with the log records of one order (the `jewelry-search-order` saved search). */
export function orderDiscoverUrl(kibanaUrl: string, orderId: string, options: DiscoverLinkOptions = {}): string {
  return discoverSearchUrl(kibanaUrl, ORDER_SEARCH_ID, orderQuery(orderId), options);
}
