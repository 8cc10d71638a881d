package hygieneprocessor // import "github.com/jewelry-observability/otelcol/processor/maskingprocessor/hygieneprocessor"

import (
	"context"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

func (p *hygieneProcessor) processTraces(ctx context.Context, td ptrace.Traces) (ptrace.Traces, error) {
	var c changes
	now := pcommon.NewTimestampFromTime(p.now())
	latest := now + pcommon.Timestamp(p.cfg.Timestamps.MaxFuture)
	rss := td.ResourceSpans()
	for i := 0; i < rss.Len(); i++ {
		rs := rss.At(i)
		resourceCut := p.resource(rs.Resource(), &c)
		sss := rs.ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			ss := sss.At(j)
			scopeCut := p.scope(ss.Scope()) || resourceCut
			spans := ss.Spans()
			for k := 0; k < spans.Len(); k++ {
				p.span(spans.At(k), scopeCut, now, latest, &c)
			}
		}
	}
	p.count(ctx, &c)
	return td, nil
}

func (p *hygieneProcessor) span(span ptrace.Span, cut bool, now, latest pcommon.Timestamp, c *changes) {
	max := p.cfg.Limits.ValueChars
	if s, ok := cutText(span.Name(), max); ok {
		span.SetName(s)
		cut = true
	}
	if s, ok := cutText(span.Status().Message(), max); ok {
		span.Status().SetMessage(s)
		cut = true
	}
	events := span.Events()
	for i := 0; i < events.Len(); i++ {
		e := events.At(i)
		if s, ok := cutText(e.Name(), max); ok {
			e.SetName(s)
			cut = true
		}
		cut = cutMap(e.Attributes(), max) || cut
	}
	links := span.Links()
	for i := 0; i < links.Len(); i++ {
		cut = cutMap(links.At(i).Attributes(), max) || cut
	}
	attrs := span.Attributes()
	cut = cutMap(attrs, max) || cut
	if cut {
		attrs.PutBool(TruncatedKey, true)
		c[changeTruncated]++
	}
	// The document's @timestamp is the start; a span that ends before it starts keeps a zero duration.
	start, end := span.StartTimestamp(), span.EndTimestamp()
	if !p.validTime(start, latest) {
		start = end
		if !p.validTime(start, latest) {
			start = now
		}
		span.SetStartTimestamp(start)
		attrs.PutBool(TimestampReplacedKey, true)
		c[changeTimestamp]++
	}
	if end < start || end > latest {
		span.SetEndTimestamp(start)
	}
}
