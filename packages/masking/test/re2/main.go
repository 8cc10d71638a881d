// Applies the package's collectorPatterns and sensitiveKeyPatterns with Go's
// regexp (RE2 syntax and semantics, as the collector's processors do) so the
// jest suite can compare the results with the JavaScript side. Reads JSON on
// stdin, writes JSON on stdout. Standard library only.
package main

import (
	"encoding/json"
	"os"
	"regexp"
)

type pattern struct {
	Name        string `json:"name"`
	Regex       string `json:"regex"`
	Replacement string `json:"replacement"`
}

type input struct {
	Patterns    []pattern `json:"patterns"`
	KeyPatterns []pattern `json:"keyPatterns"`
	Lines       []string  `json:"lines"`
	Keys        []string  `json:"keys"`
}

type output struct {
	Errors []string `json:"errors"`
	Lines  []string `json:"lines"`
	Keys   []string `json:"keys"`
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	out := output{Errors: []string{}, Lines: []string{}, Keys: []string{}}
	values := make([]*regexp.Regexp, len(in.Patterns))
	for i, p := range in.Patterns {
		re, err := regexp.Compile(p.Regex)
		if err != nil {
			out.Errors = append(out.Errors, p.Name+": "+err.Error())
			continue
		}
		values[i] = re
	}
	keys := make([]*regexp.Regexp, len(in.KeyPatterns))
	for i, p := range in.KeyPatterns {
		re, err := regexp.Compile(p.Regex)
		if err != nil {
			out.Errors = append(out.Errors, p.Name+": "+err.Error())
			continue
		}
		keys[i] = re
	}
	for _, line := range in.Lines {
		for i, re := range values {
			if re != nil {
				line = re.ReplaceAllString(line, in.Patterns[i].Replacement)
			}
		}
		out.Lines = append(out.Lines, line)
	}
	for _, key := range in.Keys {
		class := ""
		for i, re := range keys {
			if re != nil && re.MatchString(key) {
				class = in.KeyPatterns[i].Name
				break
			}
		}
		out.Keys = append(out.Keys, class)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
