package hygieneprocessor

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/confmap/confmaptest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor/processortest"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"

	"github.com/jewelry-observability/otelcol/processor/maskingprocessor/hygieneprocessor/internal/metadata"
	"github.com/jewelry-observability/otelcol/processor/maskingprocessor/hygieneprocessor/internal/metadatatest"
	"github.com/jewelry-observability/otelcol/processor/maskingprocessor/internal/goldentest"
)

// goldenNow is the collector's clock in the golden cases: 2026-03-15T10:00:00Z.
var goldenNow = time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)

// caseConfig is the default config, or the one in the case folder's config.yaml.
func caseConfig(t *testing.T, dir string) *Config {
	t.Helper()
	cfg := createDefaultConfig().(*Config)
	file := filepath.Join(dir, "config.yaml")
	if _, err := os.Stat(file); err == nil {
		cm, err := confmaptest.LoadConf(file)
		require.NoError(t, err)
		require.NoError(t, cm.Unmarshal(cfg))
	}
	return cfg
}

func newTestProcessor(t *testing.T, cfg *Config) *hygieneProcessor {
	t.Helper()
	require.NoError(t, cfg.Validate())
	p, err := newHygieneProcessor(processortest.NewNopSettings(metadata.Type), cfg)
	require.NoError(t, err)
	p.now = func() time.Time { return goldenNow }
	return p
}

// goldenCases runs every case of testdata/<signal>, each with its own config.yaml when it has one.
func goldenCases[T any](t *testing.T, s goldentest.Signal[T], signal string, process func(*hygieneProcessor, T) (T, error)) {
	for _, dir := range goldentest.Cases(t, filepath.Join("testdata", signal)) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			p := newTestProcessor(t, caseConfig(t, dir))
			goldentest.Check(t, s, dir, func(in T) T {
				out, err := process(p, in)
				require.NoError(t, err)
				return out
			})
		})
	}
}

func TestGoldenLogs(t *testing.T) {
	goldenCases(t, goldentest.LogsSignal, "logs", func(p *hygieneProcessor, ld plog.Logs) (plog.Logs, error) {
		return p.processLogs(context.Background(), ld)
	})
}

func TestGoldenTraces(t *testing.T) {
	goldenCases(t, goldentest.TracesSignal, "traces", func(p *hygieneProcessor, td ptrace.Traces) (ptrace.Traces, error) {
		return p.processTraces(context.Background(), td)
	})
}

// With the default limits and real sizes: a 1 MB attribute, a 100 kB body and a 1 MB value nested in a
// map body are cut to 8192 / 32768 characters and their records marked; the neighbours stay as they were.
func TestOversizedValuesAmongGoodNeighbours(t *testing.T) {
	tt := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tt.Shutdown(context.Background())) })
	p, err := newHygieneProcessor(metadatatest.NewSettings(tt), createDefaultConfig().(*Config))
	require.NoError(t, err)

	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("service.name", "partner-api")
	lrs := rl.ScopeLogs().AppendEmpty().LogRecords()
	now := pcommon.NewTimestampFromTime(time.Now())
	add := func(id string) plog.LogRecord {
		lr := lrs.AppendEmpty()
		lr.SetTimestamp(now)
		lr.Attributes().PutStr("order.id", id)
		lr.Body().SetStr("fine")
		return lr
	}
	add("ORD-1")
	add("ORD-2").Attributes().PutStr("blob.payload", strings.Repeat("y", 1_000_000))
	add("ORD-3").Body().SetStr(strings.Repeat("x", 100_000))
	add("ORD-4").Body().SetEmptyMap().PutEmptyMap("outer").PutEmptySlice("list").AppendEmpty().SetStr(strings.Repeat("z", 1_000_000))
	add("ORD-5")

	out, err := p.processLogs(context.Background(), ld)
	require.NoError(t, err)
	got := out.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
	require.Equal(t, 5, got.Len())
	truncated := func(lr plog.LogRecord) bool { _, ok := lr.Attributes().Get(TruncatedKey); return ok }
	for _, i := range []int{0, 4} {
		require.False(t, truncated(got.At(i)))
		require.Equal(t, "fine", got.At(i).Body().Str())
	}
	blob, _ := got.At(1).Attributes().Get("blob.payload")
	require.Len(t, blob.Str(), 8192)
	require.Len(t, got.At(2).Body().Str(), 32768)
	nested, _ := got.At(3).Body().Map().Get("outer")
	list, _ := nested.Map().Get("list")
	require.Len(t, list.Slice().At(0).Str(), 8192)
	for _, i := range []int{1, 2, 3} {
		require.True(t, truncated(got.At(i)))
	}
	metadatatest.AssertEqualHygieneChanges(t, tt, []metricdata.DataPoint[int64]{
		{Value: 3, Attributes: attribute.NewSet(attribute.String("change", "truncated"))},
	}, metricdatatest.IgnoreTimestamp())
}

func TestCutTextCountsAsJavaScriptDoes(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "abc"},
		{"щука", 3, "щук"},     // 2 bytes a character, 1 unit
		{"ab🙂", 3, "ab"},       // never half of a surrogate pair
		{"ab🙂c", 4, "ab🙂"},     // the pair counts 2
		{"a\xffb", 2, "a\xff"}, // an invalid byte counts 1, as the receiver's U+FFFD would
		{strings.Repeat("я", 5), 5, strings.Repeat("я", 5)},
	} {
		got, cut := cutText(c.in, c.max)
		require.Equal(t, c.want, got, "%q to %d", c.in, c.max)
		require.Equal(t, c.want != c.in, cut)
	}
}
