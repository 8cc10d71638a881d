package maskingprocessor // import "github.com/jewelry-observability/otelcol/processor/maskingprocessor"

import (
	"context"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"

	"github.com/jewelry-observability/otelcol/processor/maskingprocessor/internal/mask"
)

// processMetrics masks every resource and scope, each metric's name and
// description, and the attributes of every data point of every metric type
// with its exemplars' filtered attributes (one masking scope per data
// point). Data point attributes become Prometheus labels: a personal value
// there would be a leak and a series of its own.
func (p *maskingProcessor) processMetrics(ctx context.Context, md pmetric.Metrics) (pmetric.Metrics, error) {
	counts := mask.Counts{}
	var s scratch
	noBody := pcommon.NewValueEmpty()
	rms := md.ResourceMetrics()
	for i := 0; i < rms.Len(); i++ {
		rm := rms.At(i)
		p.maskResource(rm.Resource(), counts)
		sms := rm.ScopeMetrics()
		for j := 0; j < sms.Len(); j++ {
			sm := sms.At(j)
			p.maskScope(sm.Scope(), counts)
			ms := sm.Metrics()
			for k := 0; k < ms.Len(); k++ {
				p.maskMetric(ms.At(k), noBody, &s, counts)
			}
		}
	}
	p.count(ctx, counts)
	return md, nil
}

func (p *maskingProcessor) maskMetric(m pmetric.Metric, noBody pcommon.Value, s *scratch, counts mask.Counts) {
	p.maskField(m.Name(), m.SetName, counts)
	p.maskField(m.Description(), m.SetDescription, counts)
	point := func(attrs pcommon.Map, exemplars pmetric.ExemplarSlice) {
		s.reset()
		s.maps = append(s.maps, attrs)
		for i := 0; i < exemplars.Len(); i++ {
			s.maps = append(s.maps, exemplars.At(i).FilteredAttributes())
		}
		p.masker.MaskRecord(s.record(noBody), counts)
	}
	switch m.Type() {
	case pmetric.MetricTypeGauge:
		dps := m.Gauge().DataPoints()
		for i := 0; i < dps.Len(); i++ {
			point(dps.At(i).Attributes(), dps.At(i).Exemplars())
		}
	case pmetric.MetricTypeSum:
		dps := m.Sum().DataPoints()
		for i := 0; i < dps.Len(); i++ {
			point(dps.At(i).Attributes(), dps.At(i).Exemplars())
		}
	case pmetric.MetricTypeHistogram:
		dps := m.Histogram().DataPoints()
		for i := 0; i < dps.Len(); i++ {
			point(dps.At(i).Attributes(), dps.At(i).Exemplars())
		}
	case pmetric.MetricTypeExponentialHistogram:
		dps := m.ExponentialHistogram().DataPoints()
		for i := 0; i < dps.Len(); i++ {
			point(dps.At(i).Attributes(), dps.At(i).Exemplars())
		}
	case pmetric.MetricTypeSummary:
		dps := m.Summary().DataPoints()
		empty := pmetric.NewExemplarSlice()
		for i := 0; i < dps.Len(); i++ {
			point(dps.At(i).Attributes(), empty)
		}
	case pmetric.MetricTypeEmpty:
	}
}
