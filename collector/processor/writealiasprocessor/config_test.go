package writealiasprocessor

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap/confmaptest"
	"go.opentelemetry.io/collector/confmap/xconfmap"

	"github.com/jewelry-observability/otelcol/processor/writealiasprocessor/internal/metadata"
)

func loadConfig(t *testing.T, name string) *Config {
	t.Helper()
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	require.NoError(t, err)
	cfg := NewFactory().CreateDefaultConfig()
	sub, err := cm.Sub(component.NewIDWithName(metadata.Type, name).String())
	require.NoError(t, err)
	require.NoError(t, sub.Unmarshal(cfg))
	return cfg.(*Config)
}

func TestConfigDefaults(t *testing.T) {
	cfg := loadConfig(t, "")
	assert.Equal(t, "http://127.0.0.1:9200", cfg.Endpoint)
	assert.Equal(t, "elasticsearch.index", cfg.Attribute)
	assert.Equal(t, "-000001", cfg.FirstIndexSuffix)
	assert.Equal(t, 5*time.Second, cfg.RetryInterval)
	assert.Equal(t, 10*time.Second, cfg.Timeout)
	assert.NoError(t, xconfmap.Validate(cfg))
}

func TestConfigEverySetting(t *testing.T) {
	cfg := loadConfig(t, "custom")
	assert.Equal(t, "https://es.internal:9200", cfg.Endpoint)
	assert.Equal(t, "collector", cfg.User)
	assert.Equal(t, "secret", string(cfg.Password))
	assert.Equal(t, "/etc/jewelry-otelcol/ca.crt", cfg.TLS.CAFile)
	assert.Equal(t, 3*time.Second, cfg.Timeout)
	assert.Equal(t, "index.target", cfg.Attribute)
	assert.Equal(t, "-00001", cfg.FirstIndexSuffix)
	assert.Equal(t, 30*time.Second, cfg.RetryInterval)
	assert.NoError(t, xconfmap.Validate(cfg))
}

func TestConfigRefusesWhatCannotWork(t *testing.T) {
	err := xconfmap.Validate(loadConfig(t, "bad"))
	require.Error(t, err)
	for _, want := range []string{
		`endpoint must be an http or https URL of Elasticsearch, got "es.internal:9200"`,
		"password is set but user is not",
		"attribute must name the attribute that holds the write alias",
		`first_index_suffix must be a non-empty index name part such as -000001, got "-0/1"`,
		"retry_interval must be positive, got 0s",
	} {
		assert.ErrorContains(t, err, want)
	}
}
