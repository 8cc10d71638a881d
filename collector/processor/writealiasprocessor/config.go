package writealiasprocessor // import "github.com/jewelry-observability/otelcol/processor/writealiasprocessor"

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/confighttp"
	"go.opentelemetry.io/collector/config/configopaque"
)

// Config of the writealias processor: where Elasticsearch is (the same
// endpoint, credentials and TLS settings as the elasticsearch exporter's),
// and which attribute names the write alias. In collector/config.yaml every
// setting comes from an environment variable.
type Config struct {
	// Endpoint, TLS, timeout (per request), headers: Elasticsearch's HTTP API.
	confighttp.ClientConfig `mapstructure:",squash"`

	// User and Password: basic authentication, as the exporter's `user` and
	// `password`. The user needs `create_index` and `manage` (alias) on the
	// families' names; empty while the cluster runs without security.
	User     string              `mapstructure:"user"`
	Password configopaque.String `mapstructure:"password"`

	// Attribute names the write alias of a record, looked up as the
	// elasticsearch exporter does: the record's attributes, then its scope's,
	// then its resource's. Records without it are passed on untouched.
	Attribute string `mapstructure:"attribute"`

	// FirstIndexSuffix makes the name of a new family's first index:
	// `<alias><suffix>`, the name rollover counts on (`-000001`).
	FirstIndexSuffix string `mapstructure:"first_index_suffix"`

	// RetryInterval: after a failure (Elasticsearch down, refused), how long
	// until the alias is tried again, in the background; records are never
	// held back meanwhile.
	RetryInterval time.Duration `mapstructure:"retry_interval"`

	// prevent unkeyed literal initialization
	_ struct{}
}

var _ component.Config = (*Config)(nil)

const (
	defaultEndpoint         = "http://127.0.0.1:9200"
	defaultAttribute        = "elasticsearch.index"
	defaultFirstIndexSuffix = "-000001"
	defaultRetryInterval    = 5 * time.Second
	defaultTimeout          = 10 * time.Second
)

func createDefaultConfig() component.Config {
	client := confighttp.NewDefaultClientConfig()
	client.Endpoint = defaultEndpoint
	client.Timeout = defaultTimeout
	return &Config{
		ClientConfig:     client,
		Attribute:        defaultAttribute,
		FirstIndexSuffix: defaultFirstIndexSuffix,
		RetryInterval:    defaultRetryInterval,
	}
}

// Validate checks what cannot work.
func (c *Config) Validate() error {
	var errs error
	if u, err := url.Parse(c.Endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = errors.Join(errs, fmt.Errorf("endpoint must be an http or https URL of Elasticsearch, got %q", c.Endpoint))
	}
	if c.User == "" && c.Password != "" {
		errs = errors.Join(errs, errors.New("password is set but user is not"))
	}
	if strings.TrimSpace(c.Attribute) == "" {
		errs = errors.Join(errs, errors.New("attribute must name the attribute that holds the write alias"))
	}
	if c.FirstIndexSuffix == "" || strings.ContainsAny(c.FirstIndexSuffix, `/\*?"<>| ,#:`) {
		errs = errors.Join(errs, fmt.Errorf("first_index_suffix must be a non-empty index name part such as -000001, got %q", c.FirstIndexSuffix))
	}
	if c.RetryInterval <= 0 {
		errs = errors.Join(errs, fmt.Errorf("retry_interval must be positive, got %s", c.RetryInterval))
	}
	if c.Timeout <= 0 {
		errs = errors.Join(errs, fmt.Errorf("timeout must be positive, got %s", c.Timeout))
	}
	return errs
}
