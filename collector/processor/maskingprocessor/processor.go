package maskingprocessor // import "github.com/jewelry-observability/otelcol/processor/maskingprocessor"

import (
	"context"
	"fmt"
	"sync"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/jewelry-observability/otelcol/processor/maskingprocessor/internal/mask"
	"github.com/jewelry-observability/otelcol/processor/maskingprocessor/internal/metadata"
)

// engine is what the processor needs of internal/mask (*mask.Masker); the
// tests give it a stand-in that shows which fields reached it, in which scope.
type engine interface {
	MaskRecord(r mask.Record, counts mask.Counts)
	MaskMap(attrs pcommon.Map, counts mask.Counts)
	MaskText(s string, counts mask.Counts) string
}

// maskingProcessor masks one batch at a time; it holds nothing of the data
// between calls (the masker is stateless and safe for concurrent use).
type maskingProcessor struct {
	masker    engine
	telemetry *metadata.TelemetryBuilder
	// One attribute set per class, built once: counting costs no allocation.
	classAttrs sync.Map // mask.Class → metric.AddOption
}

func newMaskingProcessor(set processor.Settings, cfg *Config) (*maskingProcessor, error) {
	masker, err := mask.New(mask.Config{
		Salt:               string(cfg.Salt),
		ExtraSensitiveKeys: cfg.SensitiveKeys,
		KeepKeys:           cfg.KeepKeys,
		MaxDepth:           cfg.MaxDepth,
	})
	if err != nil {
		return nil, fmt.Errorf("masking: %w", err)
	}
	tb, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	return &maskingProcessor{masker: masker, telemetry: tb}, nil
}

func (p *maskingProcessor) shutdown(context.Context) error {
	p.telemetry.Shutdown()
	return nil
}

// count adds what one batch masked to the collector's own metric
// otelcol_masking_masked_values{class} (the values themselves never leave the record).
func (p *maskingProcessor) count(ctx context.Context, counts mask.Counts) {
	for class, n := range counts {
		if n == 0 {
			continue
		}
		opt, ok := p.classAttrs.Load(class)
		if !ok {
			opt, _ = p.classAttrs.LoadOrStore(class, metric.WithAttributeSet(attribute.NewSet(attribute.String("class", string(class)))))
		}
		p.telemetry.MaskingMaskedValues.Add(ctx, n, opt.(metric.AddOption))
	}
}

// scratch is reused across the records of one batch, so a record costs the
// masker's work and no slice of its own.
type scratch struct {
	maps  []pcommon.Map
	texts []*string
	strs  []string
}

// text registers a free-text field of the record being built and returns its index in strs.
func (s *scratch) text(v string) int {
	s.strs = append(s.strs, v)
	return len(s.strs) - 1
}

// record returns the masking scope of the fields registered since reset.
// The pointers into strs are taken only now, once strs has stopped growing.
func (s *scratch) record(body pcommon.Value) mask.Record {
	s.texts = s.texts[:0]
	for i := range s.strs {
		s.texts = append(s.texts, &s.strs[i])
	}
	return mask.Record{Maps: s.maps, Body: body, Texts: s.texts}
}

func (s *scratch) reset() {
	s.maps = s.maps[:0]
	s.strs = s.strs[:0]
}

// maskResource masks a resource's attributes once per batch entry (a
// resource is shared by all the records under it, and is its own scope).
func (p *maskingProcessor) maskResource(r pcommon.Resource, counts mask.Counts) {
	p.masker.MaskMap(r.Attributes(), counts)
}

// maskScope masks an instrumentation scope: its attributes, and its name and
// version as free text (they are stored as Scope.name / Scope.version).
func (p *maskingProcessor) maskScope(sc pcommon.InstrumentationScope, counts mask.Counts) {
	p.masker.MaskMap(sc.Attributes(), counts)
	p.maskField(sc.Name(), sc.SetName, counts)
	p.maskField(sc.Version(), sc.SetVersion, counts)
}

// maskField masks one free-text field on its own, and writes it back only when masking changed it.
func (p *maskingProcessor) maskField(value string, set func(string), counts mask.Counts) {
	if value == "" {
		return
	}
	if masked := p.masker.MaskText(value, counts); masked != value {
		set(masked)
	}
}
