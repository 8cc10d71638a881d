package writealiasprocessor // import "github.com/jewelry-observability/otelcol/processor/writealiasprocessor"

import (
	"context"
	"errors"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.uber.org/zap"

	"github.com/jewelry-observability/otelcol/processor/writealiasprocessor/internal/metadata"
)

// aliasState: what the processor knows about one write alias.
type aliasState struct {
	// ready: the alias exists (or a plain index of its name does); never asked again.
	ready bool
	// attempt is closed when the check under way ends; nil when none runs.
	attempt chan struct{}
	// retrying: a check failed and a background loop tries again; records do not wait.
	retrying bool
}

type writeAliasProcessor struct {
	cfg       *Config
	logger    *zap.Logger
	settings  component.TelemetrySettings
	telemetry *metadata.TelemetryBuilder
	client    *esClient

	mu      sync.Mutex
	aliases map[string]*aliasState

	// Background retries stop with the processor.
	stop    context.CancelFunc
	stopped context.Context
	retries sync.WaitGroup
}

func newWriteAliasProcessor(set processor.Settings, cfg *Config) (*writeAliasProcessor, error) {
	telemetry, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	stopped, stop := context.WithCancel(context.Background())
	return &writeAliasProcessor{
		cfg:       cfg,
		logger:    set.Logger,
		settings:  set.TelemetrySettings,
		telemetry: telemetry,
		aliases:   map[string]*aliasState{},
		stop:      stop,
		stopped:   stopped,
	}, nil
}

func (p *writeAliasProcessor) start(ctx context.Context, host component.Host) error {
	httpClient, err := p.cfg.ToClient(ctx, host.GetExtensions(), p.settings)
	if err != nil {
		return err
	}
	p.client = &esClient{http: httpClient, endpoint: p.cfg.Endpoint, user: p.cfg.User, password: string(p.cfg.Password)}
	return nil
}

func (p *writeAliasProcessor) shutdown(context.Context) error {
	p.stop()
	p.retries.Wait()
	if p.client != nil {
		p.client.http.CloseIdleConnections()
	}
	p.telemetry.Shutdown()
	return nil
}

func (p *writeAliasProcessor) processLogs(ctx context.Context, ld plog.Logs) (plog.Logs, error) {
	names := map[string]struct{}{}
	for i := 0; i < ld.ResourceLogs().Len(); i++ {
		rl := ld.ResourceLogs().At(i)
		for j := 0; j < rl.ScopeLogs().Len(); j++ {
			sl := rl.ScopeLogs().At(j)
			for k := 0; k < sl.LogRecords().Len(); k++ {
				p.collect(names, sl.LogRecords().At(k).Attributes(), sl.Scope().Attributes(), rl.Resource().Attributes())
			}
		}
	}
	p.ensureAll(ctx, names)
	return ld, nil
}

func (p *writeAliasProcessor) processTraces(ctx context.Context, td ptrace.Traces) (ptrace.Traces, error) {
	names := map[string]struct{}{}
	for i := 0; i < td.ResourceSpans().Len(); i++ {
		rs := td.ResourceSpans().At(i)
		for j := 0; j < rs.ScopeSpans().Len(); j++ {
			ss := rs.ScopeSpans().At(j)
			for k := 0; k < ss.Spans().Len(); k++ {
				p.collect(names, ss.Spans().At(k).Attributes(), ss.Scope().Attributes(), rs.Resource().Attributes())
			}
		}
	}
	p.ensureAll(ctx, names)
	return td, nil
}

// collect adds the record's write alias, read as the elasticsearch exporter
// reads it: the record's attributes first, then the scope's, then the resource's.
func (p *writeAliasProcessor) collect(names map[string]struct{}, maps ...pcommon.Map) {
	for _, m := range maps {
		if v, ok := m.Get(p.cfg.Attribute); ok {
			if name := v.AsString(); name != "" {
				names[name] = struct{}{}
			}
			return
		}
	}
}

// ensureAll checks the aliases not known yet, side by side, and returns when
// each is known, has failed (then retried in the background), or ctx ends.
// The records go on in every case: the processor never holds data back.
func (p *writeAliasProcessor) ensureAll(ctx context.Context, names map[string]struct{}) {
	var wait []chan struct{}
	p.mu.Lock()
	for name := range names {
		s := p.aliases[name]
		if s == nil {
			s = &aliasState{}
			p.aliases[name] = s
		}
		switch {
		case s.ready || s.retrying:
		case s.attempt != nil:
			wait = append(wait, s.attempt)
		default:
			s.attempt = make(chan struct{})
			wait = append(wait, s.attempt)
			go p.check(name, s)
		}
	}
	p.mu.Unlock()
	for _, done := range wait {
		select {
		case <-done:
		case <-ctx.Done():
			return
		}
	}
}

// check runs one attempt for `name` (started by ensureAll) and records what came of it.
func (p *writeAliasProcessor) check(name string, s *aliasState) {
	result, err := p.attempt(name)
	p.report(name, result, err, true)
	p.mu.Lock()
	defer p.mu.Unlock()
	close(s.attempt)
	s.attempt = nil
	if err == nil {
		s.ready = true
		return
	}
	if p.stopped.Err() != nil {
		return // shutting down: nothing more to try
	}
	s.retrying = true
	p.retries.Add(1)
	go p.retry(name, s)
}

// retry tries again every RetryInterval until the alias is there or the processor stops.
func (p *writeAliasProcessor) retry(name string, s *aliasState) {
	defer p.retries.Done()
	ticker := time.NewTicker(p.cfg.RetryInterval)
	defer ticker.Stop()
	for {
		select {
		case <-p.stopped.Done():
			return
		case <-ticker.C:
		}
		result, err := p.attempt(name)
		p.report(name, result, err, false)
		if err == nil {
			p.mu.Lock()
			s.ready = true
			s.retrying = false
			p.mu.Unlock()
			return
		}
	}
}

func (p *writeAliasProcessor) attempt(name string) (outcome, error) {
	if p.client == nil {
		return outcomeFailed, errors.New("not started")
	}
	ctx, cancel := context.WithTimeout(p.stopped, p.cfg.Timeout)
	defer cancel()
	return p.client.ensure(ctx, name, name+p.cfg.FirstIndexSuffix)
}

// report counts the outcome and says what a person should know.
func (p *writeAliasProcessor) report(name string, result outcome, err error, first bool) {
	p.telemetry.WritealiasChecks.Add(context.Background(), 1, metric.WithAttributes(attribute.String("outcome", string(result))))
	firstIndex := name + p.cfg.FirstIndexSuffix
	switch {
	case err != nil && first:
		p.logger.Warn("cannot make sure the write alias exists; its records go on to the exporter, and the alias is tried again in the background",
			zap.String("alias", name), zap.Duration("retry_interval", p.cfg.RetryInterval), zap.Error(err))
	case err != nil:
		p.logger.Debug("write alias still not checked", zap.String("alias", name), zap.Error(err))
	case result == outcomeCreated:
		p.logger.Info("new family: created its first index behind its write alias", zap.String("alias", name), zap.String("index", firstIndex))
	case result == outcomeConflict:
		p.logger.Warn("a plain index has the name of this write alias, so its records are not managed by rollover and retention; 'jewelry-otel es setup' says how to fix it",
			zap.String("alias", name))
	}
}
