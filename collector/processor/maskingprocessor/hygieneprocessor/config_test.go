package hygieneprocessor

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap/confmaptest"

	"github.com/jewelry-observability/otelcol/processor/maskingprocessor/hygieneprocessor/internal/metadata"
)

func TestLoadConfig(t *testing.T) {
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	require.NoError(t, err)
	defaults := createDefaultConfig().(*Config)
	tests := []struct {
		name    string
		want    *Config
		wantErr []string
	}{
		{name: "defaults", want: defaults},
		{name: "env_like", want: defaults},
		{name: "zero_limits", wantErr: []string{"limits::body_chars must be positive", "limits::value_chars must be positive"}},
		{name: "bad_fallback", wantErr: []string{`service_name::fallback "Unknown Service" is not a valid index name part`}},
		{name: "bad_earliest", wantErr: []string{"timestamps::earliest", "timestamps::max_future must not be negative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub, err := cm.Sub(component.NewIDWithName(metadata.Type, tt.name).String())
			require.NoError(t, err)
			cfg := createDefaultConfig().(*Config)
			require.NoError(t, sub.Unmarshal(cfg))
			err = cfg.Validate()
			if tt.wantErr == nil {
				require.NoError(t, err)
				require.Equal(t, tt.want, cfg)
				return
			}
			require.Error(t, err)
			for _, msg := range tt.wantErr {
				require.ErrorContains(t, err, msg)
			}
		})
	}
}

func TestDefaultsAreTheLoggersLimits(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	// packages/logger/src/size-limits.ts DEFAULT_SIZE_LIMITS, the same environment variables in collector/config.yaml.
	require.Equal(t, LimitsConfig{BodyChars: 32768, ValueChars: 8192}, cfg.Limits)
	require.Equal(t, "unknown_service", cfg.ServiceName.Fallback)
	require.Equal(t, 24*time.Hour, cfg.Timestamps.MaxFuture)
	require.NoError(t, cfg.Validate())
}
