// Applies lists of regexp steps (and key patterns) with Go's regexp — RE2
// syntax and semantics, as the collector's processors — so the jest suite can
// compare the results with the JavaScript run of the same patterns
// (re2-support.ts). Reads JSON on stdin, writes JSON on stdout. Standard
// library only.
package main

import (
	"encoding/json"
	"os"
	"regexp"
)

type step struct {
	Name        string `json:"name"`
	Regex       string `json:"regex"`
	Replacement string `json:"replacement"`
}

type line struct {
	List  int    `json:"list"`
	Value string `json:"value"`
}

type input struct {
	Lists       [][]step `json:"lists"`
	Lines       []line   `json:"lines"`
	KeyPatterns []step   `json:"keyPatterns"`
	Keys        []string `json:"keys"`
}

type output struct {
	Errors []string `json:"errors"`
	Values []string `json:"values"`
	Keys   []string `json:"keys"`
}

func compileAll(steps []step, errors *[]string) []*regexp.Regexp {
	compiled := make([]*regexp.Regexp, len(steps))
	for i, s := range steps {
		re, err := regexp.Compile(s.Regex)
		if err != nil {
			*errors = append(*errors, s.Name+" "+s.Regex+": "+err.Error())
			continue
		}
		compiled[i] = re
	}
	return compiled
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	out := output{Errors: []string{}, Values: []string{}, Keys: []string{}}
	lists := make([][]*regexp.Regexp, len(in.Lists))
	for i, steps := range in.Lists {
		lists[i] = compileAll(steps, &out.Errors)
	}
	keys := compileAll(in.KeyPatterns, &out.Errors)
	for _, l := range in.Lines {
		v := l.Value
		for i, re := range lists[l.List] {
			if re != nil {
				v = re.ReplaceAllString(v, in.Lists[l.List][i].Replacement)
			}
		}
		out.Values = append(out.Values, v)
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
