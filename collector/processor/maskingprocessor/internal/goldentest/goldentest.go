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

// Logs runs process over caseDir/input.yaml and checks (or, with -update, writes) caseDir/expected.yaml.
// It returns the output for further checks.
func Logs(t *testing.T, caseDir string, process func(plog.Logs) plog.Logs) plog.Logs {
	t.Helper()
	in, err := golden.ReadLogs(filepath.Join(caseDir, "input.yaml"))
	require.NoError(t, err)
	out := process(in)
	expectedFile := filepath.Join(caseDir, "expected.yaml")
	if *update {
		require.NoError(t, golden.WriteLogsToFile(expectedFile, out))
		t.Logf("wrote %s", expectedFile)
		return out
	}
	expected, err := golden.ReadLogs(expectedFile)
	require.NoError(t, err)
	var m plog.JSONMarshaler
	want, err := m.MarshalLogs(expected)
	require.NoError(t, err)
	got, err := m.MarshalLogs(out)
	require.NoError(t, err)
	require.JSONEq(t, string(want), string(got), "%s (go test -update rewrites it)", expectedFile)
	return out
}

// Traces is Logs for spans.
func Traces(t *testing.T, caseDir string, process func(ptrace.Traces) ptrace.Traces) ptrace.Traces {
	t.Helper()
	in, err := golden.ReadTraces(filepath.Join(caseDir, "input.yaml"))
	require.NoError(t, err)
	out := process(in)
	expectedFile := filepath.Join(caseDir, "expected.yaml")
	if *update {
		require.NoError(t, golden.WriteTracesToFile(expectedFile, out))
		t.Logf("wrote %s", expectedFile)
		return out
	}
	expected, err := golden.ReadTraces(expectedFile)
	require.NoError(t, err)
	var m ptrace.JSONMarshaler
	want, err := m.MarshalTraces(expected)
	require.NoError(t, err)
	got, err := m.MarshalTraces(out)
	require.NoError(t, err)
	require.JSONEq(t, string(want), string(got), "%s (go test -update rewrites it)", expectedFile)
	return out
}

// Metrics is Logs for metrics (written in the order they come, timestamps as they are).
func Metrics(t *testing.T, caseDir string, process func(pmetric.Metrics) pmetric.Metrics) pmetric.Metrics {
	t.Helper()
	in, err := golden.ReadMetrics(filepath.Join(caseDir, "input.yaml"))
	require.NoError(t, err)
	out := process(in)
	expectedFile := filepath.Join(caseDir, "expected.yaml")
	if *update {
		// Not WriteMetricsToFile: it sorts the metrics in place, and the output is compared as it comes.
		yaml, err := golden.MarshalMetricsYAML(out)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(expectedFile, yaml, 0o600))
		t.Logf("wrote %s", expectedFile)
		return out
	}
	expected, err := golden.ReadMetrics(expectedFile)
	require.NoError(t, err)
	var m pmetric.JSONMarshaler
	want, err := m.MarshalMetrics(expected)
	require.NoError(t, err)
	got, err := m.MarshalMetrics(out)
	require.NoError(t, err)
	require.JSONEq(t, string(want), string(got), "%s (go test -update rewrites it)", expectedFile)
	return out
}
