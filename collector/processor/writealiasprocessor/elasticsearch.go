package writealiasprocessor // import "github.com/jewelry-observability/otelcol/processor/writealiasprocessor"

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// outcome of making sure one write alias exists.
type outcome string

const (
	outcomeCreated  outcome = "created"
	outcomeFound    outcome = "found"
	outcomeConflict outcome = "conflict"
	outcomeFailed   outcome = "failed"
)

// esClient makes the few Elasticsearch calls a family needs.
type esClient struct {
	http     *http.Client
	endpoint string
	user     string
	password string
}

type esError struct {
	Error struct {
		Type   string `json:"type"`
		Reason string `json:"reason"`
	} `json:"error"`
}

// ensure makes `alias` a write alias, creating `first` behind it when the
// alias is missing, the way `jewelry-otel es setup` does:
//   - HEAD /_alias/<alias>: there already (found);
//   - PUT /<first> with the alias as its write index (created);
//   - the first index exists without the alias (deleted by hand, or a
//     parallel setup between our two calls): the alias is added to it, unless
//     it has appeared meanwhile (found);
//   - a plain index has the alias's name (a service wrote before anything
//     set its family up): conflict, left as it is -- `es setup` reports it
//     with the way out; writes keep going to it.
func (c *esClient) ensure(ctx context.Context, alias, first string) (outcome, error) {
	status, _, err := c.do(ctx, http.MethodHead, "/_alias/"+url.PathEscape(alias), nil)
	if err != nil {
		return outcomeFailed, err
	}
	switch status {
	case http.StatusOK:
		return outcomeFound, nil
	case http.StatusNotFound:
	default:
		return outcomeFailed, fmt.Errorf("HEAD /_alias/%s: HTTP %d", alias, status)
	}

	body := map[string]any{"aliases": map[string]any{alias: map[string]any{"is_write_index": true}}}
	status, e, err := c.do(ctx, http.MethodPut, "/"+url.PathEscape(first), body)
	if err != nil {
		return outcomeFailed, err
	}
	switch {
	case status == http.StatusOK:
		return outcomeCreated, nil
	case e.Error.Type == "invalid_alias_name_exception":
		// "an index or data stream exists with the same name as the alias"
		return outcomeConflict, nil
	case e.Error.Type == "resource_already_exists_exception":
		status, _, err = c.do(ctx, http.MethodHead, "/_alias/"+url.PathEscape(alias), nil)
		if err != nil {
			return outcomeFailed, err
		}
		if status == http.StatusOK {
			return outcomeFound, nil
		}
		add := map[string]any{"actions": []any{map[string]any{"add": map[string]any{"index": first, "alias": alias, "is_write_index": true}}}}
		status, e, err = c.do(ctx, http.MethodPost, "/_aliases", add)
		if err != nil {
			return outcomeFailed, err
		}
		if status == http.StatusOK {
			return outcomeCreated, nil
		}
		return outcomeFailed, fmt.Errorf("POST /_aliases (add %s to %s): HTTP %d %s: %s", alias, first, status, e.Error.Type, e.Error.Reason)
	default:
		return outcomeFailed, fmt.Errorf("PUT /%s: HTTP %d %s: %s", first, status, e.Error.Type, e.Error.Reason)
	}
}

// do sends one request; a non-2xx answer is not an error here, only a failed exchange is.
func (c *esClient) do(ctx context.Context, method, path string, body any) (int, esError, error) {
	var e esError
	var reader io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return 0, e, err
		}
		reader = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(c.endpoint, "/")+path, reader)
	if err != nil {
		return 0, e, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.user != "" {
		req.SetBasicAuth(c.user, c.password)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return 0, e, err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 64*1024))
	if res.StatusCode >= 300 && len(raw) > 0 {
		_ = json.Unmarshal(raw, &e)
	}
	return res.StatusCode, e, nil
}
