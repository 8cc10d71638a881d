package maskingprocessor // import "github.com/jewelry-observability/otelcol/processor/maskingprocessor"

import (
	"errors"
	"fmt"
	"strings"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/configopaque"
)

// Config of the masking processor. Every field has a working default; in
// collector/config.yaml each comes from an environment variable.
type Config struct {
	// Salt keys the HMAC-SHA256 behind [name:…] and [JWT:…]. It must be the
	// services' JEWELRY_MASK_SALT, so one customer gets one token at both
	// layers; empty means @jewelry/masking's built-in (public) salt.
	Salt configopaque.String `mapstructure:"salt"`

	// SensitiveKeys are extra key words whose values are secrets
	// (`[REDACTED]`), beyond the built-in lists: e.g. `pledge` makes
	// `customer.pledge` and `pledgeCode` secret.
	SensitiveKeys []string `mapstructure:"sensitive_keys"`

	// KeepKeys are attribute keys (exact, as flattened dotted keys:
	// `order.note`) whose values are left as they are.
	KeepKeys []string `mapstructure:"keep_keys"`

	// MaxDepth bounds nesting in maps and arrays; deeper values become
	// "[Truncated]". 0 means the engine's default (12, as in TypeScript).
	MaxDepth int `mapstructure:"max_depth"`

	// prevent unkeyed literal initialization
	_ struct{}
}

var _ component.Config = (*Config)(nil)

func createDefaultConfig() component.Config {
	return &Config{}
}

// Validate checks the settings the engine cannot make sense of.
func (c *Config) Validate() error {
	var errs error
	if c.MaxDepth < 0 {
		errs = errors.Join(errs, fmt.Errorf("max_depth must be 0 (the default) or positive, got %d", c.MaxDepth))
	}
	for i, w := range c.SensitiveKeys {
		if strings.TrimSpace(w) == "" {
			errs = errors.Join(errs, fmt.Errorf("sensitive_keys[%d] is empty", i))
		}
	}
	for i, k := range c.KeepKeys {
		if strings.TrimSpace(k) == "" {
			errs = errors.Join(errs, fmt.Errorf("keep_keys[%d] is empty", i))
		}
	}
	return errs
}
