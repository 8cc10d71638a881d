package maskingprocessor

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor/processortest"
	"go.yaml.in/yaml/v3"

	"github.com/jewelry-observability/otelcol/processor/maskingprocessor/internal/goldentest"
	"github.com/jewelry-observability/otelcol/processor/maskingprocessor/internal/metadata"
)

func newTestProcessor(t testing.TB) *maskingProcessor {
	t.Helper()
	p, err := newMaskingProcessor(processortest.NewNopSettings(metadata.Type), createDefaultConfig().(*Config))
	require.NoError(t, err)
	return p
}

// checks.yaml of a case: strings that must be gone from the output, and strings that must be in it unchanged.
type checks struct {
	Personal []string `yaml:"personal"`
	Keep     []string `yaml:"keep"`
}

// assertChecks looks for the case's strings in every key and string of the output (OTLP/JSON, decoded,
// so nothing hides behind JSON escapes).
func assertChecks(t *testing.T, caseDir string, otlpJSON []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(caseDir, "checks.yaml"))
	if os.IsNotExist(err) {
		return
	}
	require.NoError(t, err)
	var c checks
	require.NoError(t, yaml.Unmarshal(raw, &c))
	var doc any
	require.NoError(t, json.Unmarshal(otlpJSON, &doc))
	var all strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			all.WriteString(x)
			all.WriteByte('\n')
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for k, e := range x {
				all.WriteString(k)
				all.WriteByte('\n')
				walk(e)
			}
		}
	}
	walk(doc)
	text := all.String()
	for _, p := range c.Personal {
		require.NotContains(t, text, p, "a personal value survived masking")
	}
	for _, k := range c.Keep {
		require.Contains(t, text, k, "a look-alike was changed")
	}
}

// goldenCases runs every case of testdata/<signal>: the exact expected output, the case's checks, and
// masking the output again changes nothing.
func goldenCases[T any](t *testing.T, s goldentest.Signal[T], signal string, mask func(T) T) {
	for _, dir := range goldentest.Cases(t, filepath.Join("testdata", signal)) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			out, once := goldentest.Check(t, s, dir, mask)
			assertChecks(t, dir, once)
			twice, err := s.Marshal(mask(out))
			require.NoError(t, err)
			require.JSONEq(t, string(once), string(twice), "masking its own output changed it")
		})
	}
}

func TestGoldenLogs(t *testing.T) {
	p := newTestProcessor(t)
	goldenCases(t, goldentest.LogsSignal, "logs", func(ld plog.Logs) plog.Logs {
		out, err := p.processLogs(context.Background(), ld)
		require.NoError(t, err)
		return out
	})
}

func TestGoldenTraces(t *testing.T) {
	p := newTestProcessor(t)
	goldenCases(t, goldentest.TracesSignal, "traces", func(td ptrace.Traces) ptrace.Traces {
		out, err := p.processTraces(context.Background(), td)
		require.NoError(t, err)
		return out
	})
}

func TestGoldenMetrics(t *testing.T) {
	p := newTestProcessor(t)
	goldenCases(t, goldentest.MetricsSignal, "metrics", func(md pmetric.Metrics) pmetric.Metrics {
		out, err := p.processMetrics(context.Background(), md)
		require.NoError(t, err)
		return out
	})
}
