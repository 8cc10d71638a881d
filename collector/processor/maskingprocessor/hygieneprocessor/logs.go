package hygieneprocessor // import "github.com/jewelry-observability/otelcol/processor/maskingprocessor/hygieneprocessor"

import (
	"context"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

func (p *hygieneProcessor) processLogs(ctx context.Context, ld plog.Logs) (plog.Logs, error) {
	var c changes
	now := pcommon.NewTimestampFromTime(p.now())
	latest := now + pcommon.Timestamp(p.cfg.Timestamps.MaxFuture)
	rls := ld.ResourceLogs()
	for i := 0; i < rls.Len(); i++ {
		rl := rls.At(i)
		resourceCut := p.resource(rl.Resource(), &c)
		sls := rl.ScopeLogs()
		for j := 0; j < sls.Len(); j++ {
			sl := sls.At(j)
			scopeCut := p.scope(sl.Scope()) || resourceCut
			lrs := sl.LogRecords()
			for k := 0; k < lrs.Len(); k++ {
				p.logRecord(lrs.At(k), scopeCut, now, latest, &c)
			}
		}
	}
	p.count(ctx, &c)
	return ld, nil
}

func (p *hygieneProcessor) logRecord(lr plog.LogRecord, cut bool, now, latest pcommon.Timestamp, c *changes) {
	limits := p.cfg.Limits
	if p.keepBody(lr.Body()) {
		c[changeBody]++
	}
	if body := lr.Body(); body.Type() == pcommon.ValueTypeStr {
		if s, ok := cutText(body.Str(), limits.BodyChars); ok {
			body.SetStr(s)
			cut = true
		}
	} else {
		cut = cutValue(body, limits.ValueChars) || cut
	}
	if s, ok := cutText(lr.SeverityText(), limits.ValueChars); ok {
		lr.SetSeverityText(s)
		cut = true
	}
	if s, ok := cutText(lr.EventName(), limits.ValueChars); ok {
		lr.SetEventName(s)
		cut = true
	}
	attrs := lr.Attributes()
	cut = cutMap(attrs, limits.ValueChars) || cut
	if cut {
		attrs.PutBool(TruncatedKey, true)
		c[changeTruncated]++
	}
	if !p.validTime(lr.Timestamp(), latest) {
		observed := lr.ObservedTimestamp()
		if !p.validTime(observed, latest) {
			observed = now
		}
		lr.SetTimestamp(observed)
		attrs.PutBool(TimestampReplacedKey, true)
		c[changeTimestamp]++
	}
}

// keepBody turns a body that is neither text nor a map (an array, a number,
// a boolean, bytes) into its text form — JSON for an array, base64 for
// bytes — so that it becomes the document's message instead of being
// dropped. True when it changed the body.
func (p *hygieneProcessor) keepBody(body pcommon.Value) bool {
	switch body.Type() {
	case pcommon.ValueTypeSlice, pcommon.ValueTypeInt, pcommon.ValueTypeDouble, pcommon.ValueTypeBool, pcommon.ValueTypeBytes:
		body.SetStr(body.AsString())
		return true
	default:
		return false
	}
}
