package mask

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

func newMasker(t testing.TB, cfg Config) *Masker {
	t.Helper()
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mapOf(t testing.TB, js string) pcommon.Map {
	t.Helper()
	v, err := ValueFromJSON([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	return v.Map()
}

func jsonOf(m pcommon.Map) string {
	v := pcommon.NewValueMap()
	m.CopyTo(v.Map())
	return CanonicalJSON(v)
}

// One record is one scope: a name under a name key is hunted in the body,
// the other maps and the free-text fields of the same record.
func TestMaskRecordScope(t *testing.T) {
	m := newMasker(t, Config{})
	attrs := mapOf(t, `{"recipient":"John O'Connor","order_id":"ORD-2026-000123"}`)
	scope := mapOf(t, `{"note":"for John O'Connor"}`)
	body := pcommon.NewValueStr("Dear John O'Connor, card 4111 1111 1111 1111 declined")
	spanName := "notify John O'Connor"
	counts := Counts{}
	m.MaskRecord(Record{Maps: []pcommon.Map{attrs, scope}, Body: body, Texts: []*string{&spanName}}, counts)
	token := m.nameToken("John O'Connor")
	if got, want := jsonOf(attrs), `{"order_id":"ORD-2026-000123","recipient":"`+token+`"}`; got != want {
		t.Errorf("attributes: got %s want %s", got, want)
	}
	if got, want := jsonOf(scope), `{"note":"for `+token+`"}`; got != want {
		t.Errorf("second map: got %s want %s", got, want)
	}
	if got, want := body.Str(), "Dear "+token+", card **** **** **** 1111 declined"; got != want {
		t.Errorf("body: got %s want %s", got, want)
	}
	if got, want := spanName, "notify "+token; got != want {
		t.Errorf("text: got %s want %s", got, want)
	}
	if counts[ClassCard] != 1 || counts[ClassName] < 4 {
		t.Errorf("counts: %v", counts)
	}
}

// Bodies of every type: a map body is a record's attributes, an array
// elements, a number long enough is masked, binary stays unless under a sensitive key.
func TestMaskRecordBodies(t *testing.T) {
	m := newMasker(t, Config{})
	for _, tc := range []struct{ in, want string }{
		{`{"email":"ivan@example.com","n":1}`, `{"email":"***@example.com","n":1}`},
		{`["+79161234567","ok"]`, `["+7*******67","ok"]`},
		{`4111111111111111`, `"**** **** **** 1111"`},
		{`12500`, `12500`},
		{`"pin=1234"`, `"pin=[REDACTED]"`},
	} {
		v, err := ValueFromJSON([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		m.MaskRecord(Record{Body: v}, nil)
		if got := CanonicalJSON(v); got != tc.want {
			t.Errorf("%s: got %s want %s", tc.in, got, tc.want)
		}
	}
	attrs := pcommon.NewMap()
	attrs.PutEmptyBytes("password").FromRaw([]byte("S3cr3t"))
	attrs.PutEmptyBytes("blob").FromRaw([]byte("S3cr3t"))
	m.MaskRecord(Record{Maps: []pcommon.Map{attrs}}, nil)
	if pw, _ := attrs.Get("password"); pw.Str() != "[REDACTED]" {
		t.Errorf("bytes under a secret key: %v", pw.AsRaw())
	}
	if blob, _ := attrs.Get("blob"); blob.Type() != pcommon.ValueTypeBytes {
		t.Errorf("bytes elsewhere changed: %v", blob.AsRaw())
	}
	// The zero Record (no body) is fine.
	m.MaskRecord(Record{}, nil)
}

func TestCounts(t *testing.T) {
	m := newMasker(t, Config{})
	counts := Counts{}
	out := m.MaskText("mail ivan@example.com or +7 916 123 45 67, card 4111 1111 1111 1111, ИНН 7707083893", counts)
	if strings.Contains(out, "ivan@") {
		t.Fatal(out)
	}
	want := Counts{ClassEmail: 1, ClassPhone: 1, ClassCard: 1, ClassInn: 1}
	if fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Errorf("counts %v, want %v", counts, want)
	}
	// A personal value in a key is counted every time the (cached) key is met.
	for i := 0; i < 2; i++ {
		m.MaskMap(mapOf(t, `{"ivan@example.com":1}`), counts)
	}
	if counts[ClassEmail] != 3 {
		t.Errorf("e-mails in keys counted %d times, want 3", counts[ClassEmail]-1)
	}
}

func TestConfig(t *testing.T) {
	salted := newMasker(t, Config{Salt: "pepper"})
	if got, want := salted.MaskText("Анна Смирнова", nil), "[name:"+stableHash("анна смирнова", "pepper")+"]"; got != want {
		t.Errorf("salt: got %s want %s", got, want)
	}
	extra := newMasker(t, Config{ExtraSensitiveKeys: []string{"vendor_code", "hint"}})
	mp := mapOf(t, `{"vendorCode":"A-17","pin_hint":"birthday","vendor":"acme"}`)
	extra.MaskMap(mp, nil)
	if got, want := jsonOf(mp), `{"pin_hint":"[REDACTED]","vendor":"acme","vendorCode":"[REDACTED]"}`; got != want {
		t.Errorf("extra sensitive keys: got %s want %s", got, want)
	}
	keep := newMasker(t, Config{KeepKeys: []string{"debug.raw", "email"}})
	mp = mapOf(t, `{"debug":{"raw":"ivan@example.com"},"email":"ivan@example.com","other":"ivan@example.com"}`)
	keep.MaskMap(mp, nil)
	if got, want := jsonOf(mp), `{"debug":{"raw":"ivan@example.com"},"email":"ivan@example.com","other":"***@example.com"}`; got != want {
		t.Errorf("keep keys: got %s want %s", got, want)
	}
	shallow := newMasker(t, Config{MaxDepth: 2})
	mp = mapOf(t, `{"a":{"b":{"c":1}}}`)
	shallow.MaskMap(mp, nil)
	if got, want := jsonOf(mp), `{"a":{"b":"[Truncated]"}}`; got != want {
		t.Errorf("max depth: got %s want %s", got, want)
	}
	if _, err := New(Config{MaxDepth: -1}); err == nil {
		t.Error("a negative max depth is accepted")
	}
	if _, err := New(Config{ExtraSensitiveKeys: []string{"--"}}); err == nil {
		t.Error("an extra key with no words is accepted")
	}
}

// The key cache starts over when full; masking stays right.
func TestKeyCacheBound(t *testing.T) {
	m := newMasker(t, Config{})
	for i := 0; i < maxCachedKeys+500; i++ {
		mp := pcommon.NewMap()
		mp.PutStr(fmt.Sprintf("customer_email_%d", i), "ivan@example.com")
		m.MaskMap(mp, nil)
		v, _ := mp.Get(fmt.Sprintf("customer_email_%d", i))
		if v.Str() != "***@example.com" {
			t.Fatalf("key %d: %s", i, v.Str())
		}
	}
	if n := m.cache.size(); n > maxCachedKeys {
		t.Errorf("cache holds %d keys", n)
	}
}

// Many goroutines masking at once give what one does.
func TestConcurrentUse(t *testing.T) {
	m := newMasker(t, Config{})
	cases := loadCorpus(t)
	want := make([]string, len(cases))
	for i, c := range cases {
		want[i] = maskCase(t, m, c)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := range cases {
				c := cases[(i+g*31)%len(cases)]
				if got := maskCase(t, m, c); got != want[(i+g*31)%len(cases)] {
					errs <- c.ID
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for id := range errs {
		t.Errorf("%s: a different output under concurrency", id)
	}
}

func maskCase(t testing.TB, m *Masker, c corpusCase) string {
	if c.Text != nil {
		return m.MaskText(*c.Text, Counts{})
	}
	v, err := ValueFromJSON(c.Record)
	if err != nil {
		t.Fatal(err)
	}
	m.MaskMap(v.Map(), Counts{})
	return CanonicalJSON(v)
}

// A record with nothing to mask costs no allocation once its keys are known.
func TestNoAllocationWhenNothingChanges(t *testing.T) {
	m := newMasker(t, Config{})
	attrs, body := loggerLikeRecord()
	counts := Counts{}
	rec := Record{Maps: []pcommon.Map{attrs}, Body: body}
	m.MaskRecord(rec, counts)
	if n := testing.AllocsPerRun(100, func() { m.MaskRecord(rec, counts) }); n != 0 {
		t.Errorf("%.0f allocations per logger-like record", n)
	}
}

func TestCanonicalJSON(t *testing.T) {
	v, err := ValueFromJSON([]byte(`{"b":[1,2.5,-0.0,1e21,1.5e-7,true,null],"a":"é\"\\\n\u0001</>","ключ":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := CanonicalJSON(v), `{"a":"é\"\\\n\u0001</>","b":[1,2.5,0,1e+21,1.5e-7,true,null],"ключ":{}}`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if _, err := ValueFromJSON([]byte(`{"a":1} 2`)); err == nil {
		t.Error("trailing data accepted")
	}
}
