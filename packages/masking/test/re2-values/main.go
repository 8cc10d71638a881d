// Applies the collector value patterns of @jewelry/masking (the steps under
// sensitive keys) with Go's regexp, as the collector's transform processor
// does, so the jest suite can compare the results with the JavaScript run.
// Reads JSON on stdin, writes JSON on stdout. Standard library only.
package main

import (
	"encoding/json"
	"os"
	"regexp"
)

type step struct {
	Regex       string `json:"regex"`
	Replacement string `json:"replacement"`
}

type line struct {
	Class int    `json:"class"`
	Value string `json:"value"`
}

type input struct {
	Classes [][]step `json:"classes"`
	Lines   []line   `json:"lines"`
}

type output struct {
	Errors []string `json:"errors"`
	Values []string `json:"values"`
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	out := output{Errors: []string{}, Values: []string{}}
	compiled := make([][]*regexp.Regexp, len(in.Classes))
	for c, steps := range in.Classes {
		for _, s := range steps {
			re, err := regexp.Compile(s.Regex)
			if err != nil {
				out.Errors = append(out.Errors, s.Regex+": "+err.Error())
			}
			compiled[c] = append(compiled[c], re)
		}
	}
	for _, l := range in.Lines {
		v := l.Value
		for i, re := range compiled[l.Class] {
			if re != nil {
				v = re.ReplaceAllString(v, in.Classes[l.Class][i].Replacement)
			}
		}
		out.Values = append(out.Values, v)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
