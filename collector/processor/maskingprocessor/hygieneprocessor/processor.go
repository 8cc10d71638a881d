package hygieneprocessor // import "github.com/jewelry-observability/otelcol/processor/maskingprocessor/hygieneprocessor"

import (
	"context"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/jewelry-observability/otelcol/processor/maskingprocessor/hygieneprocessor/internal/metadata"
)

// The marks, one vocabulary with @jewelry/logger (packages/logger/src/size-limits.ts)
// and @jewelry/schema (log-record-fields.ts, span-document-fields.ts).
const (
	// TruncatedKey marks a record or span of which a value was cut.
	TruncatedKey = "log.truncated"
	// TimestampReplacedKey marks a record or span whose time was missing or impossible.
	TimestampReplacedKey = "log.timestamp_replaced"
	// OriginalServiceNameKey (a resource attribute) keeps a service.name that was replaced.
	OriginalServiceNameKey = "service.original_name"
	serviceNameKey         = "service.name"
)

// The kinds of change counted in otelcol_hygiene_changes{change}.
type change int

const (
	changeTruncated change = iota
	changeTimestamp
	changeServiceName
	changeBody
	changeKinds
)

var changeNames = [changeKinds]string{"truncated", "timestamp", "service_name", "body"}

type changes [changeKinds]int64

type hygieneProcessor struct {
	cfg       *Config
	earliest  pcommon.Timestamp
	telemetry *metadata.TelemetryBuilder
	attrs     [changeKinds]metric.AddOption
	// now is time.Now, replaceable in tests.
	now func() time.Time
}

func newHygieneProcessor(set processor.Settings, cfg *Config) (*hygieneProcessor, error) {
	earliest, err := time.Parse(time.RFC3339, cfg.Timestamps.Earliest)
	if err != nil {
		return nil, err
	}
	tb, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	p := &hygieneProcessor{cfg: cfg, earliest: pcommon.NewTimestampFromTime(earliest), telemetry: tb, now: time.Now}
	for i, name := range changeNames {
		p.attrs[i] = metric.WithAttributeSet(attribute.NewSet(attribute.String("change", name)))
	}
	return p, nil
}

func (p *hygieneProcessor) shutdown(context.Context) error {
	p.telemetry.Shutdown()
	return nil
}

func (p *hygieneProcessor) count(ctx context.Context, c *changes) {
	for i, n := range c {
		if n > 0 {
			p.telemetry.HygieneChanges.Add(ctx, n, p.attrs[i])
		}
	}
}

// validTime: not before the configured earliest time, not too far ahead of now.
func (p *hygieneProcessor) validTime(t, latest pcommon.Timestamp) bool {
	return t >= p.earliest && t <= latest
}

// resource cuts a resource's attributes and gives it a service.name that
// names a valid index; true when it cut anything (its records get marked).
func (p *hygieneProcessor) resource(r pcommon.Resource, c *changes) bool {
	attrs := r.Attributes()
	cut := cutMap(attrs, p.cfg.Limits.ValueChars)
	sent, ok := attrs.Get(serviceNameKey)
	original := ""
	if ok {
		original = sent.AsString()
	}
	name := indexSafeServiceName(original, p.cfg.ServiceName.Fallback)
	if !ok || sent.Type() != pcommon.ValueTypeStr || name != original {
		// What was sent is kept (already masked: this runs after the masking processor).
		attrs.PutStr(OriginalServiceNameKey, original)
		attrs.PutStr(serviceNameKey, name)
		c[changeServiceName]++
	}
	return cut
}

// scope cuts an instrumentation scope's name, version and attributes.
func (p *hygieneProcessor) scope(sc pcommon.InstrumentationScope) bool {
	max := p.cfg.Limits.ValueChars
	cut := cutMap(sc.Attributes(), max)
	if s, ok := cutText(sc.Name(), max); ok {
		sc.SetName(s)
		cut = true
	}
	if s, ok := cutText(sc.Version(), max); ok {
		sc.SetVersion(s)
		cut = true
	}
	return cut
}
