package maskingprocessor

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/jewelry-observability/otelcol/processor/maskingprocessor/internal/mask"
)

// tagEngine stands in for the masking engine: it prefixes every key and string it is given with the
// scope it came in ("r3:" for the third MaskRecord call, "m:" for MaskMap, "t:" for MaskText) and
// counts one value per string in class "seen". Whatever the processor fails to hand over keeps no
// prefix; fields of one record that land in different scopes show different numbers.
type tagEngine struct{ records int }

func tagValue(v pcommon.Value, tag string, counts mask.Counts) {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		v.SetStr(tag + v.Str())
		counts["seen"]++
	case pcommon.ValueTypeMap:
		tagMap(v.Map(), tag, counts)
	case pcommon.ValueTypeSlice:
		for i := 0; i < v.Slice().Len(); i++ {
			tagValue(v.Slice().At(i), tag, counts)
		}
	default:
	}
}

func tagMap(m pcommon.Map, tag string, counts mask.Counts) {
	tagged := pcommon.NewMap()
	m.Range(func(k string, v pcommon.Value) bool {
		tagValue(v, tag, counts)
		v.CopyTo(tagged.PutEmpty(tag + k))
		return true
	})
	tagged.MoveTo(m)
}

func (e *tagEngine) MaskRecord(r mask.Record, counts mask.Counts) {
	e.records++
	tag := fmt.Sprintf("r%d:", e.records)
	for _, m := range r.Maps {
		tagMap(m, tag, counts)
	}
	tagValue(r.Body, tag, counts)
	for _, s := range r.Texts {
		*s = tag + *s
		counts["seen"]++
	}
}

func (e *tagEngine) MaskMap(attrs pcommon.Map, counts mask.Counts) { tagMap(attrs, "m:", counts) }

func (e *tagEngine) MaskText(s string, counts mask.Counts) string {
	counts["seen"]++
	return "t:" + s
}

var scopeTag = regexp.MustCompile(`^(r[0-9]+|m|t):`)

// untagged lists the strings of an OTLP/JSON document that no scope reached: keys and string values,
// but not the ids, times and enums OTLP/JSON also writes as strings.
func untagged(t *testing.T, otlpJSON []byte) []string {
	t.Helper()
	var doc any
	require.NoError(t, json.Unmarshal(otlpJSON, &doc))
	structural := map[string]bool{"traceId": true, "spanId": true, "parentSpanId": true, "timeUnixNano": true, "startTimeUnixNano": true,
		"endTimeUnixNano": true, "observedTimeUnixNano": true, "intValue": true, "asInt": true, "count": true, "zeroCount": true,
		"bucketCounts": true, "unit": true, "bytesValue": true}
	var out []string
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch x := v.(type) {
		case string:
			if !structural[key] && !scopeTag.MatchString(x) {
				out = append(out, key+"="+x)
			}
		case []any:
			for _, e := range x {
				walk(key, e)
			}
		case map[string]any:
			for k, e := range x {
				if k == "key" {
					walk("attribute key", e)
					continue
				}
				walk(k, e)
			}
		}
	}
	walk("", doc)
	return out
}

func TestEveryPlaceReachesTheEngineLogs(t *testing.T) {
	ld, err := golden.ReadLogs(filepath.Join("testdata", "logs", "every-place", "input.yaml"))
	require.NoError(t, err)
	p := &maskingProcessor{masker: &tagEngine{}, telemetry: newTestProcessor(t).telemetry}
	out, err := p.processLogs(context.Background(), ld)
	require.NoError(t, err)
	var m plog.JSONMarshaler
	b, err := m.MarshalLogs(out)
	require.NoError(t, err)
	require.Empty(t, untagged(t, b))
	// One scope per log record, holding its attributes, body, severity text and event name.
	lrs := out.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
	require.Equal(t, 7, lrs.Len())
	for i := 0; i < lrs.Len(); i++ {
		tag := fmt.Sprintf("r%d:", i+1)
		lr := lrs.At(i)
		require.True(t, strings.HasPrefix(lr.SeverityText(), tag), lr.SeverityText())
		lr.Attributes().Range(func(k string, _ pcommon.Value) bool {
			require.True(t, strings.HasPrefix(k, tag), k)
			return true
		})
		if lr.Body().Type() == pcommon.ValueTypeStr {
			require.True(t, strings.HasPrefix(lr.Body().Str(), tag))
		}
	}
	require.Equal(t, "r4:order.created +79161234567", lrs.At(3).EventName())
	// Resource and scope: their own scopes.
	name, _ := out.ResourceLogs().At(0).Resource().Attributes().Get("m:service.name")
	require.Equal(t, "m:partner-api", name.Str())
	require.Equal(t, "t:raw-otlp-client", out.ResourceLogs().At(0).ScopeLogs().At(0).Scope().Name())
}

func TestEveryPlaceReachesTheEngineTraces(t *testing.T) {
	td, err := golden.ReadTraces(filepath.Join("testdata", "traces", "every-place", "input.yaml"))
	require.NoError(t, err)
	p := &maskingProcessor{masker: &tagEngine{}, telemetry: newTestProcessor(t).telemetry}
	out, err := p.processTraces(context.Background(), td)
	require.NoError(t, err)
	var m ptrace.JSONMarshaler
	b, err := m.MarshalTraces(out)
	require.NoError(t, err)
	require.Empty(t, untagged(t, b))
	// One scope per span: its name, status, attributes, events and links together.
	span := out.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0)
	require.Equal(t, "r1:GET /api/v1/customers/ivan.petrov@example.com/orders", span.Name())
	require.Equal(t, "r1:card 4111 1111 1111 1111 declined for +7 (916) 123-45-67", span.Status().Message())
	require.Equal(t, "r1:retry for anna+orders@mail.ru", span.Events().At(0).Name())
	_, ok := span.Events().At(1).Attributes().Get("r1:exception.message")
	require.True(t, ok)
	note, ok := span.Links().At(0).Attributes().Get("r1:note")
	require.True(t, ok)
	require.Equal(t, "r1:for Анна Смирнова", note.Str())
	require.Equal(t, "r2:POST /orders/ORD-2026-000123", out.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(1).Name())
}

func TestEveryPlaceReachesTheEngineMetrics(t *testing.T) {
	md, err := golden.ReadMetrics(filepath.Join("testdata", "metrics", "every-type", "input.yaml"))
	require.NoError(t, err)
	p := &maskingProcessor{masker: &tagEngine{}, telemetry: newTestProcessor(t).telemetry}
	out, err := p.processMetrics(context.Background(), md)
	require.NoError(t, err)
	var m pmetric.JSONMarshaler
	b, err := m.MarshalMetrics(out)
	require.NoError(t, err)
	require.Empty(t, untagged(t, b))
	// One scope per data point with its exemplars: the sum's point and its exemplar share one.
	sum := out.ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics().At(1).Sum().DataPoints().At(0)
	src, _ := sum.Attributes().Get("r3:order.source")
	ex, _ := sum.Exemplars().At(0).FilteredAttributes().Get("r3:user.name")
	require.Equal(t, "r3:shop-api", src.Str())
	require.Equal(t, "r3:Jean-Luc Picard", ex.Str())
}
