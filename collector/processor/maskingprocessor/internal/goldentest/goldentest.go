// Package goldentest runs a processor over the golden cases of a testdata
// folder, the way Elastic's collector components test theirs: each case is
// a folder with input.yaml and expected.yaml (OTLP as YAML, read and written
// by the contrib golden package), and the output must equal expected.yaml
// exactly (compared as OTLP/JSON, so order, types and every field count).
//
//	go test ./... -update     # rewrites every expected.yaml from the output: review the diff
package goldentest // import "github.com/jewelry-observability/otelcol/processor/maskingprocessor/internal/goldentest"

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

var update = flag.Bool("update", false, "rewrite testdata/**/expected.yaml from what the processor gives")

// Signal is how one kind of telemetry is read from a golden file, written to one, and marshalled to OTLP/JSON.
type Signal[T any] struct {
	Read    func(file string) (T, error)
	Write   func(file string, data T) error
	Marshal func(data T) ([]byte, error)
}

// LogsSignal, TracesSignal and MetricsSignal are the three signals.
var (
	LogsSignal = Signal[plog.Logs]{
		Read:    golden.ReadLogs,
		Write:   golden.WriteLogsToFile,
		Marshal: (&plog.JSONMarshaler{}).MarshalLogs,
	}
	TracesSignal = Signal[ptrace.Traces]{
		Read:    golden.ReadTraces,
		Write:   golden.WriteTracesToFile,
		Marshal: (&ptrace.JSONMarshaler{}).MarshalTraces,
	}
	MetricsSignal = Signal[pmetric.Metrics]{
		Read: golden.ReadMetrics,
		// Not WriteMetricsToFile: it sorts the metrics in place, and the output is compared as it comes.
		Write: func(file string, md pmetric.Metrics) error {
			yaml, err := golden.MarshalMetricsYAML(md)
			if err != nil {
				return err
			}
			return os.WriteFile(file, yaml, 0o600)
		},
		Marshal: (&pmetric.JSONMarshaler{}).MarshalMetrics,
	}
)

// Cases lists the case folders under dir (each holds input.yaml).
func Cases(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(dir, e.Name(), "input.yaml")); e.IsDir() && err == nil {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	require.NotEmpty(t, out, "no golden cases in %s", dir)
	return out
}

// Check runs process over caseDir/input.yaml and checks (or, with -update, writes) caseDir/expected.yaml.
// It returns the output and its OTLP/JSON for further checks.
func Check[T any](t *testing.T, s Signal[T], caseDir string, process func(T) T) (T, []byte) {
	t.Helper()
	in, err := s.Read(filepath.Join(caseDir, "input.yaml"))
	require.NoError(t, err)
	out := process(in)
	got, err := s.Marshal(out)
	require.NoError(t, err)
	expectedFile := filepath.Join(caseDir, "expected.yaml")
	if *update {
		require.NoError(t, s.Write(expectedFile, out))
		t.Logf("wrote %s", expectedFile)
		return out, got
	}
	expected, err := s.Read(expectedFile)
	require.NoError(t, err)
	want, err := s.Marshal(expected)
	require.NoError(t, err)
	require.JSONEq(t, string(want), string(got), "%s (go test -update rewrites it)", expectedFile)
	return out, got
}
