// @jewelry/insights: the read side over Elasticsearch (and Prometheus) —
// an order's trace (TR-*), the orders stuck in a status (AL-7) and the
// periodic report (AL-8). Each function takes an EsClient; which cluster and
// which user is the caller's business (@jewelry/stack's esClientFromEnv).
export * from './trace/index';
export * from './stuck-orders/index';
export * from './report/index';
