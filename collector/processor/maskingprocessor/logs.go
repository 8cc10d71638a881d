package maskingprocessor // import "github.com/jewelry-observability/otelcol/processor/maskingprocessor"

import (
	"context"

	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/jewelry-observability/otelcol/processor/maskingprocessor/internal/mask"
)

// processLogs masks every resource, scope and log record. One log record is
// one masking scope: its attributes, body (any type, recursively), severity
// text and event name, so a name found under a name key is also hunted in
// its body.
func (p *maskingProcessor) processLogs(ctx context.Context, ld plog.Logs) (plog.Logs, error) {
	counts := mask.Counts{}
	var s scratch
	rls := ld.ResourceLogs()
	for i := 0; i < rls.Len(); i++ {
		rl := rls.At(i)
		p.maskResource(rl.Resource(), counts)
		sls := rl.ScopeLogs()
		for j := 0; j < sls.Len(); j++ {
			sl := sls.At(j)
			p.maskScope(sl.Scope(), counts)
			lrs := sl.LogRecords()
			for k := 0; k < lrs.Len(); k++ {
				p.maskLogRecord(lrs.At(k), &s, counts)
			}
		}
	}
	p.count(ctx, counts)
	return ld, nil
}

func (p *maskingProcessor) maskLogRecord(lr plog.LogRecord, s *scratch, counts mask.Counts) {
	s.reset()
	s.maps = append(s.maps, lr.Attributes())
	severity, eventName := lr.SeverityText(), lr.EventName()
	sev, ev := -1, -1
	if severity != "" {
		sev = s.text(severity)
	}
	if eventName != "" {
		ev = s.text(eventName)
	}
	p.masker.MaskRecord(s.record(lr.Body()), counts)
	if sev >= 0 && s.strs[sev] != severity {
		lr.SetSeverityText(s.strs[sev])
	}
	if ev >= 0 && s.strs[ev] != eventName {
		lr.SetEventName(s.strs[ev])
	}
}
