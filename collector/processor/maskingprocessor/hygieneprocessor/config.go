package hygieneprocessor // import "github.com/jewelry-observability/otelcol/processor/maskingprocessor/hygieneprocessor"

import (
	"errors"
	"fmt"
	"time"

	"go.opentelemetry.io/collector/component"
)

// Config of the hygiene processor. The defaults are the logger's limits
// (packages/logger/src/size-limits.ts) and work as they are; in
// collector/config.yaml the limits come from the same environment variables
// the services read (JEWELRY_MAX_BODY_CHARS, JEWELRY_MAX_ATTRIBUTE_CHARS).
type Config struct {
	Limits      LimitsConfig      `mapstructure:"limits"`
	ServiceName ServiceNameConfig `mapstructure:"service_name"`
	Timestamps  TimestampsConfig  `mapstructure:"timestamps"`

	// prevent unkeyed literal initialization
	_ struct{}
}

// LimitsConfig bounds the size of what one record carries. Characters are
// counted as JavaScript counts them (UTF-16 code units), so a value the
// logger already cut is never cut again; a cut never splits a character.
type LimitsConfig struct {
	// BodyChars bounds a text log body (the message).
	BodyChars int `mapstructure:"body_chars"`
	// ValueChars bounds every other string: attribute values and keys at any
	// depth (resource, scope, record, span, span event, span link, map and
	// array bodies), span and event names, status messages, severity text.
	// Byte values are cut to this many bytes.
	ValueChars int `mapstructure:"value_chars"`
}

// ServiceNameConfig: a service.name that cannot be part of an index name is
// replaced by Fallback (the original, already masked, is kept in
// service.original_name). The rule is @jewelry/schema's indexSafeServiceName.
type ServiceNameConfig struct {
	// Fallback is the family such records go to; `es setup` creates it.
	Fallback string `mapstructure:"fallback"`
}

// TimestampsConfig: a record time before Earliest or more than MaxFuture
// ahead of the collector's clock is impossible; it is replaced by the
// observed time (or the time of arrival) and marked log.timestamp_replaced.
type TimestampsConfig struct {
	// Earliest, RFC 3339.
	Earliest string `mapstructure:"earliest"`
	// MaxFuture tolerates clocks running ahead of the collector's.
	MaxFuture time.Duration `mapstructure:"max_future"`
}

var _ component.Config = (*Config)(nil)

const (
	defaultBodyChars  = 32768
	defaultValueChars = 8192
	defaultFallback   = "unknown_service"
	defaultEarliest   = "2000-01-01T00:00:00Z"
	defaultMaxFuture  = 24 * time.Hour
)

func createDefaultConfig() component.Config {
	return &Config{
		Limits:      LimitsConfig{BodyChars: defaultBodyChars, ValueChars: defaultValueChars},
		ServiceName: ServiceNameConfig{Fallback: defaultFallback},
		Timestamps:  TimestampsConfig{Earliest: defaultEarliest, MaxFuture: defaultMaxFuture},
	}
}

// Validate refuses settings that would let a record through unbounded or route it to an invalid index.
func (c *Config) Validate() error {
	var errs error
	if c.Limits.BodyChars < 1 {
		errs = errors.Join(errs, fmt.Errorf("limits::body_chars must be positive, got %d", c.Limits.BodyChars))
	}
	if c.Limits.ValueChars < 1 {
		errs = errors.Join(errs, fmt.Errorf("limits::value_chars must be positive, got %d", c.Limits.ValueChars))
	}
	if !validServiceName(c.ServiceName.Fallback) {
		errs = errors.Join(errs, fmt.Errorf("service_name::fallback %q is not a valid index name part (lower-case letters, digits, _ - ., at most %d, not starting with a symbol)", c.ServiceName.Fallback, maxServiceNameChars))
	}
	if _, err := time.Parse(time.RFC3339, c.Timestamps.Earliest); err != nil {
		errs = errors.Join(errs, fmt.Errorf("timestamps::earliest: %w", err))
	}
	if c.Timestamps.MaxFuture < 0 {
		errs = errors.Join(errs, fmt.Errorf("timestamps::max_future must not be negative, got %s", c.Timestamps.MaxFuture))
	}
	return errs
}
