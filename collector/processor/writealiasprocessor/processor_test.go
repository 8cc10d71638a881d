package writealiasprocessor

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"

	"github.com/jewelry-observability/otelcol/processor/writealiasprocessor/internal/metadatatest"
)

// fakeES answers the calls the processor makes as Elasticsearch 8 does, from
// a model of its indices and aliases; a unit test of the client's handling of
// every answer (the end-to-end test runs against the real node).
type fakeES struct {
	mu       sync.Mutex
	indices  map[string]bool   // index name → exists
	aliases  map[string]string // alias → its write index
	calls    []string
	down     bool // answer 503 to everything
	needAuth string
	server   *httptest.Server
}

func newFakeES(t *testing.T) *fakeES {
	f := &fakeES{indices: map[string]bool{}, aliases: map[string]string{}}
	f.server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.server.Close)
	return f
}

func (f *fakeES) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, r.Method+" "+r.URL.Path)
	fail := func(status int, typ, reason string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"type": typ, "reason": reason}, "status": status})
	}
	if f.down {
		fail(http.StatusServiceUnavailable, "cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/1/state not recovered / initialized]")
		return
	}
	if f.needAuth != "" {
		if user, pass, ok := r.BasicAuth(); !ok || user+":"+pass != f.needAuth {
			fail(http.StatusUnauthorized, "security_exception", "unable to authenticate user")
			return
		}
	}
	switch {
	case r.Method == http.MethodHead && strings.HasPrefix(r.URL.Path, "/_alias/"):
		if _, ok := f.aliases[strings.TrimPrefix(r.URL.Path, "/_alias/")]; ok {
			w.WriteHeader(http.StatusOK)
		} else {
			w.WriteHeader(http.StatusNotFound)
		}
	case r.Method == http.MethodPut:
		index := strings.TrimPrefix(r.URL.Path, "/")
		var body struct {
			Aliases map[string]struct {
				IsWriteIndex bool `json:"is_write_index"`
			} `json:"aliases"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		if f.indices[index] {
			fail(http.StatusBadRequest, "resource_already_exists_exception", "index ["+index+"] already exists")
			return
		}
		for alias := range body.Aliases {
			if f.indices[alias] {
				fail(http.StatusBadRequest, "invalid_alias_name_exception", "Invalid alias name ["+alias+"]: an index or data stream exists with the same name as the alias")
				return
			}
		}
		f.indices[index] = true
		for alias, a := range body.Aliases {
			if a.IsWriteIndex {
				f.aliases[alias] = index
			}
		}
		_, _ = w.Write([]byte(`{"acknowledged":true,"shards_acknowledged":true,"index":"` + index + `"}`))
	case r.Method == http.MethodPost && r.URL.Path == "/_aliases":
		var body struct {
			Actions []struct {
				Add struct {
					Index string `json:"index"`
					Alias string `json:"alias"`
				} `json:"add"`
			} `json:"actions"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		for _, a := range body.Actions {
			f.aliases[a.Add.Alias] = a.Add.Index
		}
		_, _ = w.Write([]byte(`{"acknowledged":true}`))
	default:
		fail(http.StatusMethodNotAllowed, "", "")
	}
}

func (f *fakeES) takeCalls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.calls
	f.calls = nil
	return out
}

func (f *fakeES) set(fn func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn()
}

// logsTo builds one batch with a record per alias (on the record's attributes).
func logsTo(aliases ...string) plog.Logs {
	ld := plog.NewLogs()
	sl := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty()
	for _, a := range aliases {
		r := sl.LogRecords().AppendEmpty()
		r.Body().SetStr("a record for " + a)
		r.Attributes().PutStr("elasticsearch.index", a)
	}
	return ld
}

type harness struct {
	es    *fakeES
	tel   *componenttest.Telemetry
	logs  *consumertest.LogsSink
	trace *consumertest.TracesSink
	cfg   *Config
}

func newHarness(t *testing.T, configure func(*Config)) *harness {
	h := &harness{es: newFakeES(t), tel: componenttest.NewTelemetry(), logs: new(consumertest.LogsSink), trace: new(consumertest.TracesSink)}
	t.Cleanup(func() { require.NoError(t, h.tel.Shutdown(context.Background())) })
	h.cfg = createDefaultConfig().(*Config)
	h.cfg.Endpoint = h.es.server.URL
	h.cfg.RetryInterval = 20 * time.Millisecond
	if configure != nil {
		configure(h.cfg)
	}
	return h
}

func (h *harness) startLogs(t *testing.T) func(plog.Logs) {
	p, err := NewFactory().CreateLogs(context.Background(), metadatatest.NewSettings(h.tel), h.cfg, h.logs)
	require.NoError(t, err)
	require.NoError(t, p.Start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() { require.NoError(t, p.Shutdown(context.Background())) })
	return func(ld plog.Logs) { require.NoError(t, p.ConsumeLogs(context.Background(), ld)) }
}

func checks(outcomes map[string]int64) []metricdata.DataPoint[int64] {
	var out []metricdata.DataPoint[int64]
	for o, n := range outcomes {
		out = append(out, metricdata.DataPoint[int64]{Attributes: attribute.NewSet(attribute.String("outcome", o)), Value: n})
	}
	return out
}

func TestNewServiceGetsItsFamilyOnItsFirstRecord(t *testing.T) {
	h := newHarness(t, nil)
	consume := h.startLogs(t)

	consume(logsTo("billing-worker-logs", "billing-worker-errors", "billing-worker-logs"))

	// Created before the records went on, once per alias, behind the alias as its write index.
	assert.Equal(t, "billing-worker-logs-000001", h.es.aliases["billing-worker-logs"])
	assert.Equal(t, "billing-worker-errors-000001", h.es.aliases["billing-worker-errors"])
	calls := h.es.takeCalls()
	assert.ElementsMatch(t, []string{
		"HEAD /_alias/billing-worker-logs", "PUT /billing-worker-logs-000001",
		"HEAD /_alias/billing-worker-errors", "PUT /billing-worker-errors-000001",
	}, calls)
	require.Equal(t, 1, len(h.logs.AllLogs()))
	assert.Equal(t, 3, h.logs.AllLogs()[0].LogRecordCount(), "every record goes on, unchanged")

	// Known now: the next batches cost nothing.
	consume(logsTo("billing-worker-logs", "billing-worker-errors"))
	assert.Empty(t, h.es.takeCalls())
	metadatatest.AssertEqualWritealiasChecks(t, h.tel, checks(map[string]int64{"created": 2}), metricdatatest.IgnoreTimestamp())
}

func TestAnExistingFamilyIsOnlyLookedUp(t *testing.T) {
	h := newHarness(t, nil)
	h.es.set(func() {
		h.es.indices["shop-api-logs-000003"] = true
		h.es.aliases["shop-api-logs"] = "shop-api-logs-000003"
	})
	consume := h.startLogs(t)
	consume(logsTo("shop-api-logs"))
	assert.Equal(t, []string{"HEAD /_alias/shop-api-logs"}, h.es.takeCalls())
	assert.Equal(t, "shop-api-logs-000003", h.es.aliases["shop-api-logs"])
	metadatatest.AssertEqualWritealiasChecks(t, h.tel, checks(map[string]int64{"found": 1}), metricdatatest.IgnoreTimestamp())
}

func TestAPlainIndexOfTheAliasNameIsLeftAlone(t *testing.T) {
	h := newHarness(t, nil)
	h.es.set(func() { h.es.indices["late-svc-logs"] = true })
	consume := h.startLogs(t)
	consume(logsTo("late-svc-logs"))
	consume(logsTo("late-svc-logs"))
	assert.Equal(t, []string{"HEAD /_alias/late-svc-logs", "PUT /late-svc-logs-000001"}, h.es.takeCalls(), "asked once, not again")
	assert.NotContains(t, h.es.aliases, "late-svc-logs")
	assert.Equal(t, 2, h.logs.LogRecordCount())
	metadatatest.AssertEqualWritealiasChecks(t, h.tel, checks(map[string]int64{"conflict": 1}), metricdatatest.IgnoreTimestamp())
}

func TestAFirstIndexWithoutItsAliasGetsTheAliasBack(t *testing.T) {
	h := newHarness(t, nil)
	h.es.set(func() { h.es.indices["crm-api-audit-000001"] = true })
	consume := h.startLogs(t)
	consume(logsTo("crm-api-audit"))
	assert.Equal(t, []string{"HEAD /_alias/crm-api-audit", "PUT /crm-api-audit-000001", "HEAD /_alias/crm-api-audit", "POST /_aliases"}, h.es.takeCalls())
	assert.Equal(t, "crm-api-audit-000001", h.es.aliases["crm-api-audit"])
}

func TestElasticsearchDownRecordsGoOnAndTheAliasComesLater(t *testing.T) {
	h := newHarness(t, nil)
	h.es.set(func() { h.es.down = true })
	consume := h.startLogs(t)

	start := time.Now()
	consume(logsTo("new-svc-logs"))
	consume(logsTo("new-svc-logs"))
	assert.Less(t, time.Since(start), 2*time.Second, "a failed check does not hold records back")
	assert.Equal(t, 2, h.logs.LogRecordCount(), "nothing is held back or dropped")
	assert.NotContains(t, h.es.aliases, "new-svc-logs")

	// It comes back: the background retry creates the family without another record.
	h.es.set(func() { h.es.down = false })
	require.Eventually(t, func() bool {
		h.es.mu.Lock()
		defer h.es.mu.Unlock()
		return h.es.aliases["new-svc-logs"] == "new-svc-logs-000001"
	}, 5*time.Second, 10*time.Millisecond)
	h.es.takeCalls()
	consume(logsTo("new-svc-logs"))
	assert.Empty(t, h.es.takeCalls(), "known after the retry")
}

func TestCredentialsAreSent(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.User = "collector"; c.Password = "s3cret" })
	h.es.set(func() { h.es.needAuth = "collector:s3cret" })
	consume := h.startLogs(t)
	consume(logsTo("billing-worker-logs"))
	assert.Equal(t, "billing-worker-logs-000001", h.es.aliases["billing-worker-logs"])
}

func TestTheAliasIsReadWhereTheExporterReadsIt(t *testing.T) {
	h := newHarness(t, nil)
	consume := h.startLogs(t)
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("elasticsearch.index", "from-resource-logs")
	sl := rl.ScopeLogs().AppendEmpty()
	sl.Scope().Attributes().PutStr("elasticsearch.index", "from-scope-logs")
	sl.LogRecords().AppendEmpty().Attributes().PutStr("elasticsearch.index", "from-record-logs")
	sl.LogRecords().AppendEmpty() // no attribute of its own: the scope's
	sl2 := rl.ScopeLogs().AppendEmpty()
	sl2.LogRecords().AppendEmpty() // neither: the resource's
	consume(ld)
	assert.ElementsMatch(t, []string{"from-record-logs", "from-scope-logs", "from-resource-logs"}, keys(h.es.aliases))
}

func TestRecordsWithoutAnAliasCostNothing(t *testing.T) {
	h := newHarness(t, nil)
	consume := h.startLogs(t)
	ld := plog.NewLogs()
	ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty().Body().SetStr("no routing")
	consume(ld)
	assert.Empty(t, h.es.takeCalls())
	assert.Equal(t, 1, h.logs.LogRecordCount())
}

func TestConcurrentBatchesOfANewServiceCreateItOnce(t *testing.T) {
	h := newHarness(t, nil)
	consume := h.startLogs(t)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			consume(logsTo("burst-svc-logs"))
		}()
	}
	wg.Wait()
	puts := 0
	for _, c := range h.es.takeCalls() {
		if strings.HasPrefix(c, "PUT ") {
			puts++
		}
	}
	assert.Equal(t, 1, puts)
	assert.Equal(t, 20, h.logs.LogRecordCount())
}

func TestSpansGetTheirTracesFamily(t *testing.T) {
	h := newHarness(t, nil)
	p, err := NewFactory().CreateTraces(context.Background(), metadatatest.NewSettings(h.tel), h.cfg, h.trace)
	require.NoError(t, err)
	require.NoError(t, p.Start(context.Background(), componenttest.NewNopHost()))
	defer func() { require.NoError(t, p.Shutdown(context.Background())) }()
	td := ptrace.NewTraces()
	span := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans().AppendEmpty()
	span.SetName("consume invoices")
	span.Attributes().PutStr("elasticsearch.index", "billing-worker-traces")
	require.NoError(t, p.ConsumeTraces(context.Background(), td))
	assert.Equal(t, "billing-worker-traces-000001", h.es.aliases["billing-worker-traces"])
	assert.Equal(t, 1, h.trace.SpanCount())
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
