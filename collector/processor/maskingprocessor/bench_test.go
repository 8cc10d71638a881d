package maskingprocessor

import (
	"context"
	"fmt"
	"testing"

	"go.opentelemetry.io/collector/pdata/plog"
)

// loggerBatch: one request as @jewelry/otel sends it — a resource as the SDK describes a service,
// and 200 business-event records (ids, times, amounts, a message), nothing personal.
func loggerBatch() plog.Logs {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	res := rl.Resource().Attributes()
	for k, v := range map[string]string{
		"service.name": "mes-api", "service.version": "1.4.2", "service.instance.id": "7c1e5a0e-2b5f-4a57-9d3e-0f5b2a9c8e11",
		"deployment.environment.name": "production", "host.name": "mes-api-7f9c4", "host.arch": "amd64", "os.type": "linux",
		"process.executable.name": "node", "process.command": "/srv/mes-api/dist/server.js", "process.runtime.name": "nodejs",
		"process.runtime.version": "20.20.2", "telemetry.sdk.language": "nodejs", "telemetry.sdk.name": "opentelemetry",
		"telemetry.sdk.version": "2.2.0", "telemetry.distro.name": "@jewelry/otel",
	} {
		res.PutStr(k, v)
	}
	res.PutInt("process.pid", 4242)
	lrs := rl.ScopeLogs().AppendEmpty().LogRecords()
	for i := 0; i < 200; i++ {
		lr := lrs.AppendEmpty()
		lr.SetSeverityText("INFO")
		id := fmt.Sprintf("ORD-2026-%06d", i)
		lr.Body().SetStr("price calculation finished for " + id)
		a := lr.Attributes()
		a.PutStr("event.name", "price.calculation_finished")
		a.PutStr("order.id", id)
		a.PutStr("customer.id", fmt.Sprintf("cus_%d", 1000+i))
		a.PutStr("file.id", "550e8400-e29b-41d4-a716-446655440000")
		a.PutStr("file.extension", "stl")
		a.PutInt("file.size", 57684)
		a.PutStr("order.currency", "RUB")
		a.PutDouble("order.price", 52212.5)
		a.PutStr("event.outcome", "success")
		a.PutStr("event.start", "2026-03-15T10:20:30.123Z")
		a.PutStr("event.end", "2026-03-15T10:20:30.428Z")
		a.PutInt("event.duration", 305206762)
		a.PutStr("log.logger", "mes-api")
	}
	return ld
}

// BenchmarkProcessLogsLoggerLike: the masking processor on one request of 200 logger-like records
// (ns/op is per request; divide by 200 for a record). The masked batch is copied from a template
// each time, as the pipeline hands the processor fresh data.
func BenchmarkProcessLogsLoggerLike(b *testing.B) {
	p := newTestProcessor(b)
	template := loggerBatch()
	batches := make([]plog.Logs, b.N)
	for i := range batches {
		batches[i] = plog.NewLogs()
		template.CopyTo(batches[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.processLogs(context.Background(), batches[i]); err != nil {
			b.Fatal(err)
		}
	}
}
