package mask

import (
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// loggerLikeRecord: what @jewelry/logger writes for a business event — ids,
// times, a route, a status, a file's UUID, numbers, a short message — nothing personal.
func loggerLikeRecord() (pcommon.Map, pcommon.Value) {
	return benchRecord(`{"event.name":"order.status_changed","order.id":"ORD-2026-000123","customer.id":"cus_8842",
		"order.from_status":"new","order.to_status":"confirmed","http.route":"/orders/:id","trace.id":"4bf92f3577b34da6a3ce929d0e0e4736",
		"@timestamp":"2026-03-15T10:20:30.123Z","order.total":12500,"event.duration":1834000,"log.logger":"crm-api",
		"file.id":"550e8400-e29b-41d4-a716-446655440000","order.price":52212.5}`,
		"Order ORD-2026-000123 status changed to confirmed")
}

// piiHeavyRecord: a record from a client that logs everything — a name, an
// e-mail, a phone, an address, a card, secrets in a query string, a JWT.
func piiHeavyRecord() (pcommon.Map, pcommon.Value) {
	return benchRecord(`{"event.name":"order.updated","order_id":"ORD-2026-000123","customer_name":"Анна Смирнова",
		"customer.email":"anna+orders@mail.ru","customer.phone":"+7 (916) 123-45-67","shipping_address":"ул. Тверская, д. 7, кв. 12, Москва, 125009",
		"url.query":"password=S3cr3t!Pass&token=670b6138b807f9c00e48e870ae21fe4a40af6ef7297d4fd5",
		"http.request.header.authorization":"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl","trace.id":"4bf92f3577b34da6a3ce929d0e0e4736","order.total":12500}`,
		"Paid with 4111 1111 1111 1111, receipt sent to anna+orders@mail.ru; Иванов Иван Иванович called from +7 903 765-43-21")
}

func benchRecord(attrs, body string) (pcommon.Map, pcommon.Value) {
	v, err := ValueFromJSON([]byte(attrs))
	if err != nil {
		panic(err)
	}
	return v.Map(), pcommon.NewValueStr(body)
}

// cpuTime: CPU time of the process so far, so a benchmark can report what it
// cost in CPU (cpu-ns/op) beside the wall time the machine's load inflates.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkLoggerLikeRecord: the common case, masked in place (nothing changes, so it can be reused).
func BenchmarkLoggerLikeRecord(b *testing.B) {
	m, _ := New(Config{})
	attrs, body := loggerLikeRecord()
	counts := Counts{}
	rec := Record{Maps: []pcommon.Map{attrs}, Body: body}
	m.MaskRecord(rec, counts)
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		m.MaskRecord(rec, counts)
	}
	reportCPU(b, start)
}

// BenchmarkPIIHeavyRecord: a fresh copy of the record each time (the copy is not timed).
func BenchmarkPIIHeavyRecord(b *testing.B) {
	m, _ := New(Config{})
	srcAttrs, srcBody := piiHeavyRecord()
	attrs, body := pcommon.NewMap(), pcommon.NewValueEmpty()
	counts := Counts{}
	b.ReportAllocs()
	var spent time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		srcAttrs.CopyTo(attrs)
		srcBody.CopyTo(body)
		b.StartTimer()
		start := cpuTime()
		m.MaskRecord(Record{Maps: []pcommon.Map{attrs}, Body: body}, counts)
		spent += cpuTime() - start
	}
	b.ReportMetric(float64(spent)/float64(b.N), "cpu-ns/op")
}

// BenchmarkMaskTextPlain: a message with nothing to mask.
func BenchmarkMaskTextPlain(b *testing.B) {
	m, _ := New(Config{})
	b.ReportAllocs()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		m.MaskText("Order ORD-2026-000123 total 12500.00 at 2026-03-15T10:20:30Z", nil)
	}
	reportCPU(b, start)
}
