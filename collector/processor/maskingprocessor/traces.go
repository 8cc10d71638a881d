package maskingprocessor // import "github.com/jewelry-observability/otelcol/processor/maskingprocessor"

import (
	"context"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/jewelry-observability/otelcol/processor/maskingprocessor/internal/mask"
)

// processTraces masks every resource, scope and span. One span is one
// masking scope: its attributes, name, status message, and its events
// (names and attributes) and links (attributes).
func (p *maskingProcessor) processTraces(ctx context.Context, td ptrace.Traces) (ptrace.Traces, error) {
	counts := mask.Counts{}
	var s scratch
	// Spans have no body; one empty value serves every span of the batch.
	noBody := pcommon.NewValueEmpty()
	rss := td.ResourceSpans()
	for i := 0; i < rss.Len(); i++ {
		rs := rss.At(i)
		p.maskResource(rs.Resource(), counts)
		sss := rs.ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			ss := sss.At(j)
			p.maskScope(ss.Scope(), counts)
			spans := ss.Spans()
			for k := 0; k < spans.Len(); k++ {
				p.maskSpan(spans.At(k), noBody, &s, counts)
			}
		}
	}
	p.count(ctx, counts)
	return td, nil
}

func (p *maskingProcessor) maskSpan(span ptrace.Span, noBody pcommon.Value, s *scratch, counts mask.Counts) {
	s.reset()
	s.maps = append(s.maps, span.Attributes())
	events, links := span.Events(), span.Links()
	for i := 0; i < events.Len(); i++ {
		s.maps = append(s.maps, events.At(i).Attributes())
	}
	for i := 0; i < links.Len(); i++ {
		s.maps = append(s.maps, links.At(i).Attributes())
	}
	// Free text in a fixed order: name, status message, then each event's name.
	name, status := span.Name(), span.Status().Message()
	s.text(name)
	s.text(status)
	for i := 0; i < events.Len(); i++ {
		s.text(events.At(i).Name())
	}
	p.masker.MaskRecord(s.record(noBody), counts)
	if s.strs[0] != name {
		span.SetName(s.strs[0])
	}
	if s.strs[1] != status {
		span.Status().SetMessage(s.strs[1])
	}
	for i := 0; i < events.Len(); i++ {
		if e := events.At(i); s.strs[2+i] != e.Name() {
			e.SetName(s.strs[2+i])
		}
	}
}
