'use strict';
// @opentelemetry/api-logs for the OpenTelemetry JS 3.x build: 3.x moved the
// logs API into @opentelemetry/api 1.10 (its own global), while readers built
// on api-logs 0.223 — the winston transport, @jewelry/logger — look in
// api-logs' global. The provider is registered in both.
const api = require('@opentelemetry/api');
const legacy = require('jewelry-legacy-api-logs');

exports.SeverityNumber = legacy.SeverityNumber;
exports.logs = {
  setGlobalLoggerProvider(provider) {
    legacy.logs.setGlobalLoggerProvider(provider);
    return api.logs.setGlobalLoggerProvider(provider);
  },
  getLoggerProvider: () => api.logs.getLoggerProvider(),
  getLogger: (...args) => api.logs.getLogger(...args),
  disable() {
    legacy.logs.disable();
    api.logs.disable();
  },
};
