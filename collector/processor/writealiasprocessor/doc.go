// Package writealiasprocessor makes sure that every write alias a record is
// routed to exists before the record goes on to the exporter: a service the
// stack was never told about gets its families (`<service>-logs`, `-errors`,
// `-audit`, `-traces`) from its first record, each a first index
// `<alias>-000001` behind `<alias>` as its write index -- the shape rollover,
// retention and the size cap manage (ST-1, ST-2, ST-3).
//
// Without it Elasticsearch auto-creates a plain index named like the alias on
// the first write, which can never roll over and which retention does not see.
//
//go:generate mdatagen metadata.yaml
package writealiasprocessor // import "github.com/jewelry-observability/otelcol/processor/writealiasprocessor"
