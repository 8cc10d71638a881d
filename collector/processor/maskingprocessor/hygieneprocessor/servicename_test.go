package hygieneprocessor

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// The cases @jewelry/schema's indexSafeServiceName is tested with: both sides must agree,
// or the collector writes to a family that es setup, retention and the trace command do not know.
func TestIndexSafeServiceNameAgreesWithTheSchema(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "packages", "schema", "test", "service-names.json"))
	require.NoError(t, err)
	var file struct {
		Cases []struct{ Input, Expected, Why string }
	}
	require.NoError(t, json.Unmarshal(raw, &file))
	require.NotEmpty(t, file.Cases)
	for _, c := range file.Cases {
		require.Equal(t, c.Expected, indexSafeServiceName(c.Input, defaultFallback), c.Why)
	}
}
