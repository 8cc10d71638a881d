package mask

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// The shared corpus (packages/masking/corpus), read where it is in the
// repository: the same files the TypeScript engine's jest suite runs, with
// the same expected bytes.
var corpusDir = filepath.Join("..", "..", "..", "..", "..", "packages", "masking", "corpus")

type corpusCase struct {
	ID       string          `json:"id"`
	Class    string          `json:"class"`
	Place    string          `json:"place"`
	Text     *string         `json:"text"`
	Record   json.RawMessage `json:"record"`
	Expected json.RawMessage `json:"expected"`
	Personal []string        `json:"personal"`
}

func loadCorpus(t testing.TB) []corpusCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in %s (%v): run the tests from the repository", corpusDir, err)
	}
	sort.Strings(files)
	var all []corpusCase
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Cases []corpusCase `json:"cases"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		all = append(all, doc.Cases...)
	}
	return all
}

func canonicalOf(t testing.TB, raw json.RawMessage) string {
	t.Helper()
	v, err := ValueFromJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	return CanonicalJSON(v)
}

// TestCorpus: every case of the corpus, byte for byte.
func TestCorpus(t *testing.T) {
	m, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	cases := loadCorpus(t)
	if len(cases) < 400 {
		t.Fatalf("the corpus has %d cases, want hundreds", len(cases))
	}
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			want := canonicalOf(t, c.Expected)
			var got string
			counts := Counts{}
			if c.Text != nil {
				v := pcommon.NewValueStr(m.MaskText(*c.Text, counts))
				got = CanonicalJSON(v)
			} else {
				v, err := ValueFromJSON(c.Record)
				if err != nil {
					t.Fatal(err)
				}
				m.MaskMap(v.Map(), counts)
				got = CanonicalJSON(v)
			}
			if got != want {
				t.Fatalf("\n got: %s\nwant: %s", got, want)
			}
			for _, p := range c.Personal {
				if strings.Contains(got, jsonEscaped(p)) {
					t.Errorf("personal value %q survived", p)
				}
			}
		})
	}
}

func jsonEscaped(s string) string {
	var b strings.Builder
	writeJSONString(&b, s)
	return strings.Trim(b.String(), `"`)
}

// TestCorpusIdempotent: masking the expected output again changes nothing
// (the collector masks what the logger already masked).
func TestCorpusIdempotent(t *testing.T) {
	m, _ := New(Config{})
	for _, c := range loadCorpus(t) {
		want := canonicalOf(t, c.Expected)
		v, _ := ValueFromJSON(c.Expected)
		if v.Type() == pcommon.ValueTypeStr {
			v.SetStr(m.MaskText(v.Str(), nil))
		} else {
			m.MaskMap(v.Map(), nil)
		}
		if got := CanonicalJSON(v); got != want {
			t.Errorf("%s: masking the output again changed it:\n got: %s\nwant: %s", c.ID, got, want)
		}
	}
}
