package main

import (
	"flag"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"strings"
	"time"
)

// options are the flags shared by the commands; each command uses those
// that make sense for it.
type options struct {
	solutions bool
	json      bool
	verbose   bool
	run       *regexp.Regexp
	count     int
	timeout   time.Duration
	jobs      int
	yes       bool
	scripts   string
	dir       string
	// grade
	format string
	output string
	shard  string
}

const helpText = `checker: check the Go concurrency workbook's exercises.

Usage:
  checker                      progress overview, then check the first unfinished exercise
  checker list                 one row per exercise: id, name, notebook concept, status
  checker exercise-3           check one exercise (also 3, or its name: resource); several may be named
  checker all                  check every exercise in order
  checker hint exercise-3      reveal the next hint (one more each time)
  checker watch [exercise-N]   re-check whenever you save a file under exercises/; q or Ctrl-C ends it
  checker reset exercise-3     restore the original stub (asks first; -y to skip)
  checker solution exercise-3  show the reference answer, once yours passes
  checker grade [flags] DIR…   instructor: grade submissions (each DIR a learner's copy of the workbook)
  checker merge FILE…          join the JSON of grade shards into one gradebook
  checker dev check            authoring: hold every exercise to its contract

Flags (put them before or after the command):
  -solutions      check solutions/ instead of exercises/
  -json           print results as JSON
  -v              show every check and its full output
  -run REGEXP     only the checks whose name matches
  -count N        run every check N times (flushes out rare races)
  -timeout D      time limit per check (default 60s)
  -jobs N         checks run at once (default: the number of CPUs)
  -y              reset without asking
  -scripts DIR    add an instructor's own checks: DIR/NAME/NAME_*.txtar
  -dir DIR        check the Go files in DIR as the (one) named exercise's code
  -format F       grade, merge: text, json, junit, gradescope, classroom, exercism, github or csv
  -o FILE         grade, merge: write the report to FILE
  -shard K/N      grade: only the K-th of N slices of the submissions

Exit status: 0 every check passed, 1 some check failed, 2 the checker could not run.
`

// parseArgs parses flags anywhere on the line and returns the positional words.
func parseArgs(args []string, stderr io.Writer) (*options, []string, error) {
	o := &options{}
	fs := flag.NewFlagSet("checker", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&o.solutions, "solutions", false, "")
	fs.BoolVar(&o.json, "json", false, "")
	fs.BoolVar(&o.verbose, "v", false, "")
	runExpr := fs.String("run", "", "")
	fs.IntVar(&o.count, "count", 1, "")
	fs.DurationVar(&o.timeout, "timeout", 60*time.Second, "")
	fs.IntVar(&o.jobs, "jobs", runtime.NumCPU(), "")
	fs.BoolVar(&o.yes, "y", false, "")
	fs.StringVar(&o.scripts, "scripts", "", "")
	fs.StringVar(&o.dir, "dir", "", "")
	fs.StringVar(&o.format, "format", "text", "")
	fs.StringVar(&o.output, "o", "", "")
	fs.StringVar(&o.shard, "shard", "", "")
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, []string{"help"}, nil
			}
			return nil, nil, usagef("%v", strings.TrimPrefix(err.Error(), "flag provided but not defined: "))
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			words = append(words, args[1:]...)
			break
		}
		words = append(words, args[0])
		args = args[1:]
	}
	if *runExpr != "" {
		re, err := regexp.Compile(*runExpr)
		if err != nil {
			return nil, nil, usagef("bad -run %q: %v", *runExpr, err)
		}
		o.run = re
	}
	if o.count < 1 {
		return nil, nil, usagef("-count must be at least 1, not %d", o.count)
	}
	if o.jobs < 1 {
		return nil, nil, usagef("-jobs must be at least 1, not %d", o.jobs)
	}
	if o.timeout <= 0 {
		return nil, nil, usagef("-timeout must be positive, not %v", o.timeout)
	}
	return o, words, nil
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, helpText)
}
